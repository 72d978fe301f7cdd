// A queueing station: `servers` identical servers behind one FCFS queue. Requests arrive as
// messages; a free server takes the oldest waiting request, holds it for a service time drawn
// from the configured distribution, and replies. Its statistics (wait, queue length and busy
// servers as time averages) are kept from the end of warm-up on.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/queueing/protocol.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"

namespace sdsim::queueing {

struct ServiceTime {
  std::string distribution = "exponential";  // exponential | deterministic | lognormal
  double mean = 1.0;                         // s
  double cv = 1.0;                           // lognormal only
  double draw(RandomStream& rng) const;
};

// A quantity integrated over simulated time (for time averages), from `from` on.
class TimeIntegral {
 public:
  explicit TimeIntegral(double from) : from_(from) {}
  void change(double now, double delta);
  double current() const { return value_; }
  double area(double until) const;  // integral over [from, until]

 private:
  double from_, value_ = 0.0, area_ = 0.0, last_ = 0.0;
};

// What the station measured; lives outside the service so it survives restarts and is read
// after the simulation.
struct StationStats {
  explicit StationStats(double warmup) : warmup(warmup), waiting(warmup), busy(warmup) {}
  double warmup;
  LatencyHistogram wait;         // time in queue of requests that arrived after warm-up
  LatencyHistogram service;      // service times drawn after warm-up
  std::uint64_t arrivals = 0;    // after warm-up
  std::uint64_t waited = 0;      // of those, how many found no free server
  TimeIntegral waiting;          // requests in queue
  TimeIntegral busy;             // servers busy
  double last_event = 0.0;
  // Time each request spent at the station (wait + service), by request id, until its client
  // records the outcome; the difference to the client's latency is network time.
  std::unordered_map<std::uint64_t, double> residence;
  int incarnations = 0;
};

struct StationConfig {
  int servers = 1;
  ServiceTime service;
  double reply_bytes = 0.0;
};

// The servers are a worker pool: a free server takes the oldest waiting request.
class Station : public ServiceHandler<StationProtocol> {
 public:
  Station(Net& net, const StationConfig& cfg, std::shared_ptr<StationStats> stats, RandomStream rng);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<StationProtocol>> msg) override;

 private:
  struct Waiting {
    std::unique_ptr<Letter<StationProtocol>> request;
    double arrived;
  };
  void serve(Waiting& job);

  Net& net_;
  StationConfig cfg_;
  std::shared_ptr<StationStats> stats_;
  RandomStream rng_;
  std::unique_ptr<WorkerPool<Waiting>> servers_;
};

}  // namespace sdsim::queueing
