// The queueing model's messages: a job in, a reply out when it has been served. Their sizes
// are parameters (request_size, reply_size), so the network can cost nothing or something.
#pragma once

#include <string_view>
#include <variant>

namespace sdsim::queueing {

struct JobDone {
  static constexpr std::string_view kName = "reply";
  double bytes = 0.0;  // params.reply_size
  double wire_bytes() const { return bytes; }
};
struct Job {
  static constexpr std::string_view kName = "request";
  using Reply = JobDone;
  double bytes = 0.0;  // params.request_size
  double wire_bytes() const { return bytes; }
};
using StationProtocol = std::variant<Job>;

}  // namespace sdsim::queueing
