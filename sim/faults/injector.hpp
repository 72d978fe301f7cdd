// The SimGrid side of the fault schedule: one daemon actor that sleeps until each action of
// expand_schedule's list and applies it to the platform, logging every one to events.csv.
//
// Why a daemon: a non-daemon injector would keep the simulation alive until its last action,
// past the end of the workload. The run driver therefore runs the engine with
// run_until(horizon) (then drains), so the injector lives as long as the run needs it; the
// schedule must have been expanded with that same horizon.
//
// Overlapping faults compose: a host or link turned off by two faults comes back only when
// both have ended, and concurrent slowdowns of one link or disk multiply their factors.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/faults/faults.hpp"

namespace simgrid::s4u {
class Disk;
class Host;
class Link;
}  // namespace simgrid::s4u

namespace sdsim {

class NetworkState;

// One row of events.csv: kind is fault_action_name(...), detail the cause and parameters.
using FaultEventLog = std::function<void(double time, const std::string& kind,
                                         const std::string& target, const std::string& detail)>;
// A disk was lost ("" = every disk of the host). Storage code decides what that destroys,
// because SimGrid 3.32 cannot turn a disk off.
using DiskLossHandler = std::function<void(const std::string& host, const std::string& disk)>;

class FaultInjector {
 public:
  // `network` and the injector itself must outlive the simulation.
  FaultInjector(std::vector<FaultAction> actions, NetworkState& network, FaultEventLog log,
                DiskLossHandler on_disk_loss);
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Looks up every host, link and disk the schedule names (std::invalid_argument when one is
  // missing, so a mismatch shows before the run) and starts the daemon actor on `where`.
  // `where` must be a host no fault turns off, or the injector would kill itself.
  void start(simgrid::s4u::Host* where);

  std::size_t applied() const { return next_; }  // actions applied so far

  // The first of `candidates` that no action turns off: a host the injector (and other
  // framework daemons) can run on without being killed by the schedule. "" when every
  // candidate fails at some point; then the platform needs a host outside all fault targets.
  static std::string safe_host(const std::vector<FaultAction>& actions,
                               const std::vector<std::string>& candidates);

 private:
  struct HostState {
    simgrid::s4u::Host* host = nullptr;
    int down = 0;  // faults currently holding it off
  };
  struct LinkState {
    std::vector<simgrid::s4u::Link*> links;  // both directions of a split-duplex link
    std::vector<double> base_bw, base_lat;
    int down = 0;
    std::vector<std::pair<double, double>> slowdowns;  // active (bandwidth, latency) factors
  };
  struct DiskState {
    simgrid::s4u::Disk* disk = nullptr;
    double base_read = 0.0, base_write = 0.0;
    std::vector<double> slowdowns;  // active bandwidth factors
  };

  void resolve(const simgrid::s4u::Host* where);
  void resolve_disks(const FaultAction& a);
  void run();
  void apply(const FaultAction& a);
  void host_off(const FaultAction& a);
  void host_on(const FaultAction& a);
  void link_off(const FaultAction& a);
  void link_on(const FaultAction& a);
  void partition_start(const FaultAction& a);
  void partition_heal(const FaultAction& a);
  void slowdown(const FaultAction& a, bool start);
  void disk_loss(const FaultAction& a);
  void log(const FaultAction& a, const std::string& detail) const;

  static void apply_link_factors(LinkState& s);
  static void apply_disk_factors(DiskState& s);

  std::vector<FaultAction> actions_;
  NetworkState& network_;
  FaultEventLog log_;
  DiskLossHandler on_disk_loss_;
  std::size_t next_ = 0;
  std::map<std::string, HostState> hosts_;
  std::map<std::string, LinkState> links_;
  std::map<std::pair<std::string, std::string>, DiskState> disks_;  // (host, disk)
  std::map<int, int> partitions_;  // FaultAction::partition_id -> NetworkState id
};

}  // namespace sdsim
