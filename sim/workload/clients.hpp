// The scenario's load as client actors on the hosts of one role. Open loop: each client sends
// at its arrival times whatever the replies do (a generator actor sends, a collector actor
// receives). Closed loop: each client waits for its reply (or time-out), thinks, then sends.
// Either way latency is measured at the client, and failures and time-outs are recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/net/net.hpp"
#include <functional>
#include <memory>

namespace sdsim {

class Recorder;
struct WorkloadSpec;

// What clients need of the run (copied into each client actor; the referenced objects outlive
// the simulation).
struct ClientEnv {
  Net* net_ = nullptr;
  Recorder* recorder_ = nullptr;
  const WorkloadSpec* workload_ = nullptr;
  std::uint64_t seed = 1;
  std::function<void(simgrid::s4u::ActorPtr)> add_load;  // registers each client with the run
  Net& net() const { return *net_; }
  Recorder& recorder() const { return *recorder_; }
  const WorkloadSpec& workload() const { return *workload_; }
  RandomStream stream(std::string_view name) const { return RandomStream(seed, name); }
};

// One request as a client sends it: a letter for some service's protocol, built by the model.
struct ClientRequest {
  std::string_view op;                  // the request's message name (requests.csv `op`)
  const Address* to = nullptr;
  std::unique_ptr<Envelope> letter;
  double bytes = 0.0;                   // simulated request size (B)
};

template <class Protocol, class Request>
ClientRequest client_request(const Endpoint<Protocol>& to, Request request) {
  const double bytes = wire_bytes(request);
  return ClientRequest{Request::kName, to.address,
                       std::make_unique<Letter<Protocol>>(Protocol(std::move(request))), bytes};
}

// Builds request number `seq` (0-based, over all clients) on key `key`.
using RequestMaker = std::function<ClientRequest(std::uint64_t seq, std::uint64_t key, RandomStream& rng)>;

// Starts workload.clients clients spread round-robin over `hosts`.
void start_clients(const ClientEnv& env, const std::vector<std::string>& hosts, RequestMaker make);

}  // namespace sdsim
