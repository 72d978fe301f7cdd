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
#include <string>
#include <vector>

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

// Expands specs into actions sorted by (time, spec order), up to `horizon` seconds. Globs and
// rack/datacenter names become host names (one action per host or link). Stochastic processes
// draw from streams named "fault:<spec index>:<host>", so each host's failures do not depend
// on the others. Every action at a time <= horizon is kept and later ones are dropped: a host
// that crashes before the horizon and would restart after it stays down to the end.
// `horizon` may be +inf unless a random spec has no `until` (std::invalid_argument).
std::vector<FaultAction> expand_schedule(const std::vector<FaultSpec>& specs,
                                         const PlatformInfo& platform, std::uint64_t seed,
                                         double horizon);

// Shell-style glob with * and ? (for host targets like "datanode-*").
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace sdsim
