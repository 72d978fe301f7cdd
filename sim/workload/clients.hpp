// The scenario's load as client actors on the hosts of one role. Open loop: each client sends
// at its arrival times whatever the replies do (a generator actor sends, a collector actor
// receives). Closed loop: each client waits for its reply (or time-out), thinks, then sends.
// Either way latency is measured at the client, and failures and time-outs are recorded.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <string>

#include "sim/core/random.hpp"
#include "sim/net/net.hpp"

namespace sdsim {

class RunContext;

struct ClientRequest {
  const Endpoint* target = nullptr;
  const char* op = "request";
  std::any body;
  double bytes = 0.0;  // simulated request size (B)
};

// Builds request number `seq` (0-based, over all clients) on key `key`.
using RequestMaker = std::function<ClientRequest(std::uint64_t seq, std::uint64_t key, RandomStream& rng)>;

// Starts workload.clients clients spread over the hosts of `role`.
void start_clients(RunContext& ctx, const std::string& role, RequestMaker make);

}  // namespace sdsim
