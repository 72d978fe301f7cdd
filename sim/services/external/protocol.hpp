// The external endpoint's one message: a call to a system outside the architecture (a remote
// mail server accepting a message, a payment service provider authorising a charge), with the
// bytes each way.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace sdsim::external_service {

inline constexpr double kHeaderBytes = 100;

struct ExternalReply {
  static constexpr std::string_view kName = "external_reply";
  double bytes = 0;    // B of the answer's body
  double latency = 0;  // s, the endpoint's processing time drawn for this call
  double wire_bytes() const { return kHeaderBytes + bytes; }
};
struct ExternalCall {
  static constexpr std::string_view kName = "external_call";
  using Reply = ExternalReply;
  std::string operation;     // for the caller's books; the endpoint treats all alike
  double request_bytes = 0;  // B
  double reply_bytes = 0;    // B the answer carries
  double wire_bytes() const {
    return kHeaderBytes + static_cast<double>(operation.size()) + request_bytes;
  }
};

using ExternalProtocol = std::variant<ExternalCall>;

}  // namespace sdsim::external_service
