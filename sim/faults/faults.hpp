// The fault schedule of a scenario: what breaks, when, and when it heals.
// parse_faults validates `faults:`; expand_schedule turns the specs (including stochastic
// MTBF/MTTR processes) into one time-ordered list of actions; the injector (injector.hpp)
// applies them to the running platform and logs each one to events.csv.
//
// YAML forms (one map per list item, exactly one kind key; `at` is required except for random):
//   {at: 40s, crash: broker-0, restart_after: 30s}
//   {at: 50s, link_down: broker-0-link, up_after: 10s}
//   {at: 70s, partition: [[rack-0], [rack-1, rack-2]], heal_after: 20s, one_way: false}
//   {at: 10s, slowdown: rack-0-uplink, bandwidth_factor: 0.1, latency_factor: 5, for: 30s}
//   {at: 10s, slowdown: datanode-3, disk: disk1, bandwidth_factor: 0.5, for: 30s}   (a disk)
//   {random: {targets: "datanode-*", mtbf: 2h, mttr: 10m}, start: 0s, until: 1h}
//   {at: 100s, disk_loss: datanode-3, disk: disk1}          (no disk: every disk of the host)
// Host targets (crash, disk_loss, random targets, disk slowdowns, partition members) are a
// host, rack or datacenter name, or a glob over host names; link targets are a link name or a
// glob over link names. A partition group may be a single name instead of a list.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/key_doc.hpp"
#include "sim/core/random.hpp"
#include "sim/core/doc.hpp"

namespace sdsim {

class PlatformInfo;  // names of hosts, racks, datacenters, links (sim/platform/platform.hpp)

struct FaultSpec {
  enum class Kind { Crash, LinkDown, Partition, Slowdown, Random, DiskLoss };
  Kind kind = Kind::Crash;
  Location loc;                 // where the fault was written
  std::string path;             // "faults.0"
  double at = 0.0;              // s
  std::string target;           // Crash/DiskLoss/Random: hosts (name, domain or glob);
                                // LinkDown/Slowdown: link (name or glob); disk Slowdown: hosts
  double restart_after = -1.0;  // Crash: s, <0 = stays down
  double heal_after = -1.0;     // LinkDown/Partition/Slowdown: s, <0 = never
  std::vector<std::vector<std::string>> groups;  // Partition: groups of host/rack/datacenter names
  bool one_way = false;         // Partition: only traffic from groups[0] to the others is cut
  double bandwidth_factor = 1.0, latency_factor = 1.0;  // Slowdown
  double mtbf = 0.0, mttr = 0.0;  // Random: mean time between failures / to repair (s), per host
  double start = 0.0, until = -1.0;  // Random: active window; until<0 = end of run
  std::string disk;             // DiskLoss: disk name on the host ("" = every disk);
                                // Slowdown: non-empty = slow this disk of the target hosts
};

// Validates the `faults:` list (null = none). Host, rack, datacenter and link names are
// checked against the platform, with suggestions, when `platform` is not null.
std::vector<FaultSpec> parse_faults(const Doc* doc, const PlatformInfo* platform, Diagnostics& diags);
// The kinds of fault and the keys each accepts, documented (`sdsim describe faults`).
const std::vector<KeyDoc>& fault_keys();

struct FaultAction {
  enum class Kind { HostOff, HostOn, LinkOff, LinkOn, PartitionStart, PartitionHeal,
                    SlowdownStart, SlowdownEnd, DiskLoss };
  double time = 0.0;
  Kind kind = Kind::HostOff;
  std::string target;            // host or link; for partitions a label "rack-0|rack-1+rack-2"
  int partition_id = -1;         // pairs PartitionStart/PartitionHeal
  std::vector<std::vector<std::string>> groups;  // partitions: host names per group (expanded)
  bool one_way = false;
  double bandwidth_factor = 1.0, latency_factor = 1.0;
  std::string disk;              // DiskLoss ("" = every disk); SlowdownStart/End of a disk
  std::string cause;             // "faults.2" or "faults.3 (random)" for events.csv
};

const char* fault_action_name(FaultAction::Kind k);  // "host_off", "partition_heal", ...

// One host's `random:` fault: an alternating renewal process, exponential up times (mean
// mtbf) then exponential repair times (mean mttr), drawn lazily from its own stream
// ("fault:<spec index>:<host>"), so each host fails independently and adding a host does not
// move the others' failures. Failures start only inside [start, until) (until < 0: for as long
// as the run lasts); a repair in progress at `until` still completes.
class RandomFailures {
 public:
  RandomFailures(const FaultSpec& spec, std::size_t index, std::string host, std::uint64_t seed);
  // The next failure: (host off, host back on) in absolute simulated seconds; nullopt after
  // `until`.
  std::optional<std::pair<double, double>> next();
  const std::string& host() const { return host_; }
  const std::string& cause() const { return cause_; }
  double mtbf() const { return mtbf_; }
  double mttr() const { return mttr_; }
  double start() const { return start_; }
  double until() const { return until_; }

 private:
  std::string host_, cause_;
  double mtbf_, mttr_, start_, until_, t_;
  RandomStream rng_;
};

// Everything the schedule will do: timed actions sorted by (time, spec order), and one lazily
// drawn process per host of each random fault. Globs and rack/datacenter names become host
// names (one action per host or link).
struct FaultPlan {
  std::vector<FaultAction> timed;
  std::vector<RandomFailures> random;
};
FaultPlan plan_faults(const std::vector<FaultSpec>& specs, const PlatformInfo& platform, std::uint64_t seed);

// The whole schedule up to `horizon` seconds as one time-ordered list (random processes
// drawn out): for tests and listings. Actions after the horizon are dropped.
std::vector<FaultAction> expand_schedule(const std::vector<FaultSpec>& specs,
                                         const PlatformInfo& platform, std::uint64_t seed,
                                         double horizon);

// What the schedule did, as models hear it (sim/model's RunContext::on_fault): a host turned
// off or on, a link, a disk lost ("" = every disk of the host).
struct FaultEvent {
  FaultAction::Kind kind = FaultAction::Kind::HostOff;
  std::string target;
  std::string disk;
  double time = 0.0;
};
class FaultBus {
 public:
  void subscribe(std::function<void(const FaultEvent&)> listener) { listeners_.push_back(std::move(listener)); }
  void publish(const FaultEvent& e) const {
    for (const auto& l : listeners_) l(e);
  }

 private:
  std::vector<std::function<void(const FaultEvent&)>> listeners_;
};

// Shell-style glob with * and ? (for host targets like "datanode-*").
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace sdsim
