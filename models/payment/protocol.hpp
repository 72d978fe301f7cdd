// The payment model's messages: the checkout's pay-in to the payment service, and the
// executor's calls to the PSP (a charge carrying its idempotency key, and a status query by
// key, which is how a timed-out charge is resolved).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

namespace sdsim::payment {

inline constexpr double kHeaderBytes = 100;

enum class PayInOutcome { success, failed, pending };
struct PayInReply {
  static constexpr std::string_view kName = "pay_in_reply";
  PayInOutcome outcome = PayInOutcome::pending;
  double wire_bytes() const { return kHeaderBytes; }
};
// The checkout's payment event with one payment order (the order id is the checkout's
// idempotency key: a client retry carries the same).
struct PayIn {
  static constexpr std::string_view kName = "pay_in";
  using Reply = PayInReply;
  std::uint64_t order_id = 0;
  std::int64_t amount = 0;  // cents
  std::int64_t seller = 0;
  double wire_bytes() const { return kHeaderBytes + 24; }
};
using PaymentProtocol = std::variant<PayIn>;

// charged and declined are stored under the key; transient and conflict are not (retry).
enum class ChargeOutcome { charged, declined, transient, conflict, mismatch };
struct ChargeReply {
  static constexpr std::string_view kName = "psp_charge_reply";
  ChargeOutcome outcome = ChargeOutcome::transient;
  std::uint64_t charge_id = 0;
  double retry_after = 0;  // s, with transient
  double wire_bytes() const { return kHeaderBytes + 16; }
};
struct Charge {
  static constexpr std::string_view kName = "psp_charge";
  using Reply = ChargeReply;
  std::uint64_t key = 0, order_id = 0;
  std::int64_t amount = 0;
  double wire_bytes() const { return kHeaderBytes + 24; }
};
struct QueryReply {
  static constexpr std::string_view kName = "psp_query_reply";
  bool known = false;  // a result is stored under the key
  ChargeOutcome outcome = ChargeOutcome::transient;
  std::uint64_t charge_id = 0;
  double wire_bytes() const { return kHeaderBytes + 16; }
};
struct Query {
  static constexpr std::string_view kName = "psp_query";
  using Reply = QueryReply;
  std::uint64_t key = 0;
  double wire_bytes() const { return kHeaderBytes + 8; }
};
using PspProtocol = std::variant<Charge, Query>;

}  // namespace sdsim::payment
