// The payment model's messages: the checkout's pay-in to the payment service, and the
// executor's calls to the PSP (a charge carrying its idempotency key, and a status query by
// key, which is how a timed-out charge is resolved).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

namespace sdsim::payment {

inline constexpr double kHeaderBytes = 100;

// charged and declined are stored under the key; transient and conflict are not (retry).
// expired: a hosted payment session the buyer abandoned, closed unpaid at its expiry.
enum class ChargeOutcome { charged, declined, transient, conflict, mismatch, expired };

enum class PayInOutcome { success, failed, pending };
struct PayInReply {
  static constexpr std::string_view kName = "pay_in_reply";
  PayInOutcome outcome = PayInOutcome::pending;
  double wire_bytes() const { return kHeaderBytes; }
};
// The hosted flow's result of a payment session, as it reaches the payment service: by the
// PSP's webhook (signed: it carries the outcome and the charge) or by the buyer's redirect
// back from the hosted page (it carries only the order: the service asks the PSP). Either may
// be lost, delayed or duplicated; each is one-way (a webhook's 2xx is not modelled).
enum class EventSource { webhook, redirect };
struct PaymentEvent {
  static constexpr std::string_view kName = "payment_event";
  EventSource source = EventSource::webhook;
  std::uint64_t order_id = 0, key = 0;
  ChargeOutcome outcome = ChargeOutcome::transient;  // with a webhook
  std::uint64_t charge_id = 0;
  double wire_bytes() const { return kHeaderBytes + 400; }  // a JSON event body
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
using PaymentProtocol = std::variant<PayIn, PaymentEvent>;

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
  bool known = false;    // a result is stored under the key
  bool pending = false;  // hosted flow: a payment session is open under the key
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
// The hosted flow's registration (the book's step 3): the payment order id is the nonce (the
// key); the PSP opens one payment session per key and returns its token, the same for a
// repeat. The buyer completes (or abandons) the PSP's hosted page; the result comes back by
// redirect and webhook.
struct RegisterReply {
  static constexpr std::string_view kName = "psp_register_reply";
  std::uint64_t token = 0;
  bool opened = false;  // a new session (false: the key's session, again)
  double wire_bytes() const { return kHeaderBytes + 16; }
};
struct Register {
  static constexpr std::string_view kName = "psp_register";
  using Reply = RegisterReply;
  std::uint64_t key = 0, order_id = 0;
  std::int64_t amount = 0;
  double wire_bytes() const { return kHeaderBytes + 24; }
};
// The buyer's browser submitting the hosted page (or, unpaid, the session's expiry): one-way.
struct PagePay {
  static constexpr std::string_view kName = "psp_page_pay";
  std::uint64_t key = 0, order_id = 0;
  std::int64_t amount = 0;
  bool pays = false;      // false: the buyer left; the session expires unpaid
  double expires_at = 0;  // s: the session's end (the buyer may retry a failed card until then)
  double wire_bytes() const { return kHeaderBytes + 200; }
};
using PspProtocol = std::variant<Charge, Query, Register, PagePay>;

}  // namespace sdsim::payment
