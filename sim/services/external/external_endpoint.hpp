// A system outside the architecture (a remote mail server, a payment service provider) as a
// service on a platform host, called through sim/net's Rpc like any other: each call is
// answered after a lognormal latency, fails with an error at failure_rate, goes unanswered
// at timeout_rate, and during a scheduled outage is refused at once (Unavailable) or left
// unanswered. It serves any number of calls at once (the remote system's capacity is not
// the architecture's concern) and charges no CPU on its host.
//
// What a crash of its host loses: the calls in flight (never answered); it keeps no other
// state. Calls sent while the host is off are lost on the way.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/external/external_config.hpp"
#include "sim/services/external/protocol.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::external_service {

struct ExternalStats {
  std::uint64_t calls = 0, answered = 0, failed = 0;
  std::uint64_t timeouts_injected = 0;  // calls drawn to go unanswered
  std::uint64_t refused_in_outage = 0, hung_in_outage = 0;
  std::uint64_t lost_in_crash = 0;  // calls in flight when the host went off
  std::uint64_t restarts = 0;
};

// The counters, and the ids of calls in flight and of those never answered (drawn as lost,
// hung in an outage, lost in a crash), for a caller's checks.
struct ExternalDurable {
  std::uint64_t lives = 0;
  std::set<std::uint64_t> in_flight, unanswered;
  ExternalStats stats;
};

class ExternalEndpoint {
 public:
  // Throws std::invalid_argument when cfg.outages does not parse.
  ExternalEndpoint(RunContext& ctx, std::string name, const std::string& host, ExternalConfig cfg);
  ExternalEndpoint(const ExternalEndpoint&) = delete;
  ExternalEndpoint& operator=(const ExternalEndpoint&) = delete;

  void start();

  const Endpoint<ExternalProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const ExternalConfig& config() const { return cfg_; }
  const std::vector<Outage>& outages() const { return outages_; }
  bool in_outage(double t) const;
  const ExternalStats& stats() const { return durable_->stats; }
  // Request ids (Result::id on the caller's side) of the calls never answered.
  const std::set<std::uint64_t>& unanswered() const { return durable_->unanswered; }

 private:
  RunContext& ctx_;
  std::string name_;
  ExternalConfig cfg_;
  std::vector<Outage> outages_;
  Endpoint<ExternalProtocol> endpoint_;
  std::shared_ptr<ExternalDurable> durable_;
};

}  // namespace sdsim::external_service
