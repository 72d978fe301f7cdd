// Typed messages. Every message is a plain struct with a name and a wire size:
//
//   struct FetchRequest {
//     static constexpr std::string_view kName = "fetch";
//     using Reply = FetchReply;             // what a call() of it returns
//     double wire_bytes() const { ... }     // simulated bytes on the network
//     ...
//   };
//
// A service accepts one protocol, a std::variant of the request structs it serves, so a
// request it does not handle is a compile error in its std::visit, never a silent drop.
// What travels is an Envelope (routing: id, sender, reply path) around a Letter<T> (the body).
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace simgrid::s4u {
class Mailbox;
}

namespace sdsim {

// The outcome a reply carries. Retry and Unavailable are worth retrying (the service is busy,
// not the leader, not there); Error is final (the request itself was refused).
enum class Status { Ok, Error, Timeout, Unavailable, Retry };
const char* status_name(Status s);  // "ok", "error", "timeout", "unavailable", "retry"
inline bool retryable(Status s) { return s != Status::Ok && s != Status::Error; }

template <class T>
concept WireMessage = requires(const T& m) {
  { T::kName } -> std::convertible_to<std::string_view>;
  { m.wire_bytes() } -> std::convertible_to<double>;
};

template <class T>
struct is_variant : std::false_type {};
template <class... Ts>
struct is_variant<std::variant<Ts...>> : std::true_type {};

// Name and size of a message or of the alternative a protocol variant holds.
template <class T>
std::string_view message_name(const T& m) {
  if constexpr (is_variant<T>::value) {
    return std::visit([](const auto& x) { return message_name(x); }, m);
  } else {
    static_assert(WireMessage<T>, "a message needs kName and wire_bytes()");
    return T::kName;
  }
}
template <class T>
double wire_bytes(const T& m) {
  if constexpr (is_variant<T>::value) {
    return std::visit([](const auto& x) { return wire_bytes(x); }, m);
  } else {
    static_assert(WireMessage<T>, "a message needs kName and wire_bytes()");
    return m.wire_bytes();
  }
}

// Routing of one message. A reply carries its request's id.
struct Envelope {
  std::uint64_t id = 0;
  int src_host = -1;                              // platform host index of the sender
  double sent_at = 0.0;                           // s
  simgrid::s4u::Mailbox* reply_to = nullptr;      // the sender's inbox, when it wants an answer
  std::uint64_t reply_epoch = 0;                  // the sender's host life the inbox belongs to
  std::uint64_t idempotency_key = 0;              // 0 = none; the same on every retry of a call
  Status status = Status::Ok;                     // replies: the outcome
  virtual ~Envelope() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Envelope> clone() const = 0;  // a resend's copy
};

template <class T>
struct Letter final : Envelope {
  explicit Letter(T b) : body(std::move(b)) {}
  T body;
  std::string_view name() const override { return message_name(body); }
  std::unique_ptr<Envelope> clone() const override { return std::make_unique<Letter>(*this); }
};

// A reply without a body: the status says it all.
struct NoBody {
  static constexpr std::string_view kName = "status";
  double wire_bytes() const { return 100; }
};

// The letter of type T inside an envelope; a mismatch is a bug in the sender (wrong protocol).
template <class T>
std::unique_ptr<Letter<T>> open_letter(std::unique_ptr<Envelope> e, std::string_view where) {
  auto* typed = dynamic_cast<Letter<T>*>(e.get());
  if (typed == nullptr)
    throw std::logic_error(std::string(where) + ": unexpected message '" + std::string(e->name()) + "'");
  e.release();
  return std::unique_ptr<Letter<T>>(typed);
}

}  // namespace sdsim
