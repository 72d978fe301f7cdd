// The load a scenario applies: when requests arrive (arrival process), how clients behave
// (open or closed loop), which keys they touch (popularity), and when the load stops.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/core/random.hpp"
#include "sim/scenario/doc.hpp"

namespace sdsim {

struct KeySpec {
  std::string distribution = "uniform";  // uniform | zipf | hotspot
  std::uint64_t count = 1000;            // key space size
  double zipf_s = 0.99;                  // zipf exponent
  double hot_fraction = 0.2;             // hotspot: share of keys that are hot
  double hot_share = 0.8;                // hotspot: share of requests that go to hot keys
};

struct WorkloadSpec {
  std::string arrival = "poisson";  // constant | poisson | ramp | burst
  double rate = 10.0;               // 1/s, aggregate over all clients (base rate for ramp/burst)
  double ramp_to = 0.0;             // ramp: rate reached at the end of ramp_over (1/s)
  double ramp_over = 0.0;           // ramp: seconds; 0 = the whole duration
  double burst_rate = 0.0;          // burst: rate during a burst (1/s)
  double burst_every = 0.0;         // burst: period (s)
  double burst_length = 0.0;        // burst: length of each burst (s)
  std::string loop = "open";        // open | closed
  int clients = 1;                  // client actors (open loop: the rate is split among them)
  double think_time = 0.0;          // closed loop: mean think time between a reply and the next request (s)
  std::uint64_t requests = 0;       // stop after this many requests in all (0 = no limit)
  double duration = 0.0;            // stop issuing after this simulated time (0 = no limit)
  double warmup = 0.0;              // requests started before this are left out of metrics (s)
  double timeout = 0.0;             // client gives up after this (s); 0 = waits forever
  int retries = 0;                  // closed loop: retries after a timeout or failure
  double backoff = 0.1;             // first retry back-off (s), doubled each retry
  KeySpec keys;
};

// Parses and validates `workload:` (may be null: all defaults). `path` is "workload".
// Requires at least one of requests/duration (either here or from the scenario's top level,
// passed in as top_duration, 0 if absent).
WorkloadSpec parse_workload(const Doc* doc, double top_duration, Diagnostics& diags);

// Inter-arrival times for one client whose share of the aggregate rate is `share` (0..1].
class ArrivalProcess {
 public:
  ArrivalProcess(const WorkloadSpec& spec, double share, int client_index, int clients);
  // Time of the next arrival strictly after `now` (absolute simulated seconds), or +inf when
  // the rate is zero from now on.
  double next_arrival(double now, RandomStream& rng);
  double rate_at(double t) const;  // this client's instantaneous rate (1/s)

 private:
  WorkloadSpec spec_;
  double share_;
  double phase_;  // constant arrivals: offset so clients interleave evenly
  bool first_ = true;
};

// Draws keys by popularity.
class KeyChooser {
 public:
  explicit KeyChooser(const KeySpec& spec);
  std::uint64_t next(RandomStream& rng) const;

 private:
  KeySpec spec_;
  std::shared_ptr<ZipfSampler> zipf_;
};

}  // namespace sdsim
