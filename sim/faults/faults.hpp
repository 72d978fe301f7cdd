// The fault schedule of a scenario: what breaks, when, and when it heals.
// parse_faults validates `faults:`; expand_schedule turns the specs (including stochastic
// MTBF/MTTR processes) into one time-ordered list of actions; the injector (injector.hpp)
// applies them to the running platform and logs each one to events.csv.
#pragma once

#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/scenario/doc.hpp"

namespace sdsim {

class PlatformInfo;  // names of hosts, racks, datacenters, links (sim/platform/platform.hpp)

struct FaultSpec {
  enum class Kind { Crash, LinkDown, Partition, Slowdown, Random, DiskLoss };
  Kind kind = Kind::Crash;
  Location loc;                 // where the fault was written
  std::string path;             // "faults.0"
  double at = 0.0;              // s
  std::string target;           // Crash/DiskLoss: host name or glob; LinkDown/Slowdown: link name
  double restart_after = -1.0;  // Crash: s, <0 = stays down
  double heal_after = -1.0;     // LinkDown/Partition/Slowdown: s, <0 = never
  std::vector<std::vector<std::string>> groups;  // Partition: groups of host/rack/datacenter names
  bool one_way = false;         // Partition: only traffic from groups[0] to the others is cut
  double bandwidth_factor = 1.0, latency_factor = 1.0;  // Slowdown
  double mtbf = 0.0, mttr = 0.0;  // Random: mean time between failures / to repair (s), per host
  double start = 0.0, until = -1.0;  // Random: active window; until<0 = end of run
  std::string disk;             // DiskLoss: disk name on the host ("" = every disk)
};

// Validates the `faults:` list (null = none). Host, rack, datacenter and link names are
// checked against the platform, with suggestions, when `platform` is not null.
std::vector<FaultSpec> parse_faults(const Doc* doc, const PlatformInfo* platform, Diagnostics& diags);

struct FaultAction {
  enum class Kind { HostOff, HostOn, LinkOff, LinkOn, PartitionStart, PartitionHeal,
                    SlowdownStart, SlowdownEnd, DiskLoss };
  double time = 0.0;
  Kind kind = Kind::HostOff;
  std::string target;            // host or link; for partitions a label "A|B"
  int partition_id = -1;         // pairs PartitionStart/PartitionHeal
  std::vector<std::vector<std::string>> groups;  // partitions: host names per group (expanded)
  bool one_way = false;
  double bandwidth_factor = 1.0, latency_factor = 1.0;
  std::string disk;
  std::string cause;             // "faults.2" or "faults.3 (random)" for events.csv
};

const char* fault_action_name(FaultAction::Kind k);  // "host_off", "partition_heal", ...

// Expands specs into actions sorted by (time, spec order), up to `horizon` seconds. Globs and
// rack/datacenter names become host names. Stochastic processes draw from streams named
// after the fault and host, so each host's failures do not depend on the others.
std::vector<FaultAction> expand_schedule(const std::vector<FaultSpec>& specs,
                                         const PlatformInfo& platform, std::uint64_t seed,
                                         double horizon);

// Shell-style glob with * and ? (for host targets like "datanode-*").
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace sdsim
