// The load a scenario applies: when requests arrive (arrival process), how clients behave
// (open or closed loop), which keys they touch (popularity), and when the load stops.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "sim/core/random.hpp"
#include "sim/core/doc.hpp"
#include "sim/core/key_doc.hpp"

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
  double drain = -1.0;              // s after the load: open-loop clients wait this long for
                                    // outstanding replies, and the run drains (timeline.hpp);
                                    // < 0 until resolved to the model's default
  KeySpec keys;
  Location loc;                     // where `workload:` is written (for cross-field errors)
};

// Parses and validates `workload:` (may be null: all defaults). `path` is "workload".
// Requires at least one of requests/duration (either here or from the scenario's top level,
// passed in as top_duration, 0 if absent).
WorkloadSpec parse_workload(const Doc* doc, double top_duration, Diagnostics& diags);
// The keys parse_workload accepts, documented (`sdsim describe workload`).
const std::vector<KeyDoc>& workload_keys();

// When the load is expected to end (s): its duration, else requests / rate; 0 when unknown
// (a closed loop bounded by requests). The horizon of stochastic faults.
double load_horizon(const WorkloadSpec& spec);

// Arrival times for one client whose share of the aggregate rate is `share` (0..1].
// Rates are functions of absolute simulated time (a ramp starts at t = 0, bursts occupy
// [k*burst_every, k*burst_every + burst_length) for k = 0, 1, ...; during a burst the rate is
// burst_rate instead of rate). Each client's rate is share * the aggregate rate.
//   constant  gaps of exactly 1/(rate*share); client i's first arrival is i/rate after the
//             first call, so k clients with share 1/k interleave into one even stream
//   poisson   exponential gaps
//   ramp      non-homogeneous Poisson (thinning): linear from rate to ramp_to over ramp_over
//             (0 = duration; with neither, ramp_to from the start), then ramp_to
//   burst     piecewise-constant Poisson, exact at segment boundaries
class ArrivalProcess {
 public:
  ArrivalProcess(const WorkloadSpec& spec, double share, int client_index, int clients);
  // The next arrival (absolute simulated seconds), or +inf when the rate is zero from then on.
  // The first call starts the process at `now`; later calls continue from the previous
  // arrival, so a caller that sleeps until each arrival gets times strictly after `now`
  // (except client 0's first constant arrival, which is `now` itself).
  double next_arrival(double now, RandomStream& rng);
  double rate_at(double t) const;  // this client's instantaneous rate (1/s)

 private:
  enum class Shape { Constant, Poisson, Ramp, Burst };

  double aggregate_rate(double t) const;
  double ramp_length() const;
  // Burst arrivals: the aggregate rate at t and the end of the constant-rate segment holding t.
  std::pair<double, double> burst_segment(double t) const;
  double next_poisson(double t, RandomStream& rng) const;
  double next_ramp(double t, RandomStream& rng) const;
  double next_burst(double t, RandomStream& rng) const;

  WorkloadSpec spec_;
  Shape shape_ = Shape::Poisson;
  double share_;
  double phase_;  // constant arrivals: offset so clients interleave evenly
  bool first_ = true;
  double last_ = 0.0;        // the previous arrival
  double origin_ = 0.0;      // constant arrivals: first arrival; arrival n is origin_ + n*gap
  std::uint64_t count_ = 0;  // constant arrivals so far
};

// Draws keys (0..count-1) by popularity: uniform; zipf (key k has rank k, P ~ 1/(k+1)^zipf_s);
// hotspot (keys below hot_fraction*count are hot and get hot_share of the requests, uniform
// within the hot and within the cold set).
class KeyChooser {
 public:
  explicit KeyChooser(const KeySpec& spec);
  std::uint64_t next(RandomStream& rng) const;

 private:
  KeySpec spec_;
  std::shared_ptr<ZipfSampler> zipf_;
};

}  // namespace sdsim
