// The SimGrid side of the fault schedule: daemon actors on the run's control host (which no
// fault can reach) that sleep until each action and apply it to the platform, logging every
// one to events.csv and telling the models through the fault bus: one actor for the timed
// actions, one per random failure process. They live as long as the run does (sim/run owns
// its end), so a fault due during the drain happens.
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

class FaultInjector {
 public:
  // `network` and the injector itself must outlive the simulation.
  // `before_host_off` runs just before a host is turned off (the network lets go of it).
  FaultInjector(FaultPlan plan, NetworkState& network, FaultEventLog log, const FaultBus& bus,
                std::function<void(const std::string& host)> before_host_off = {});
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Looks up every host, link and disk the schedule names (std::invalid_argument when one is
  // missing, so a mismatch shows before the run) and starts the daemon actors on `where`, a
  // host no fault can turn off (the run's control host).
  void start(simgrid::s4u::Host* where);

  std::size_t applied() const { return applied_; }  // actions applied so far

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
  void resolve_host(const std::string& name, const std::string& cause, const simgrid::s4u::Host* where);
  void resolve_disks(const FaultAction& a);
  void run_timed();
  void run_random(RandomFailures& r);
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
  void notify(const FaultAction& a) const;

  static void apply_link_factors(LinkState& s);
  static void apply_disk_factors(DiskState& s);

  FaultPlan plan_;
  NetworkState& network_;
  FaultEventLog log_;
  const FaultBus& bus_;
  std::function<void(const std::string&)> before_host_off_;
  std::size_t applied_ = 0;
  std::map<std::string, HostState> hosts_;
  std::map<std::string, LinkState> links_;
  std::map<std::pair<std::string, std::string>, DiskState> disks_;  // (host, disk)
  std::map<int, int> partitions_;  // FaultAction::partition_id -> NetworkState id
};

}  // namespace sdsim
