#include "sim/faults/injector.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <fmt/core.h>
#include <simgrid/s4u.hpp>

#include "sim/net/network_state.hpp"
#include "sim/platform/platform.hpp"

namespace sdsim {

namespace sg = simgrid::s4u;
using Kind = FaultAction::Kind;

FaultInjector::FaultInjector(FaultPlan plan, NetworkState& network, FaultEventLog log, const FaultBus& bus,
                             std::function<void(const std::string&)> before_host_off)
    : plan_(std::move(plan)), network_(network), log_(std::move(log)), bus_(bus),
      before_host_off_(std::move(before_host_off)) {}

void FaultInjector::start(sg::Host* where) {
  resolve(where);
  if (!plan_.timed.empty()) sg::Actor::create("fault-injector", where, [this] { run_timed(); })->daemonize();
  for (RandomFailures& r : plan_.random)
    sg::Actor::create("fault-process:" + r.host(), where, [this, &r] { run_random(r); })->daemonize();
}

// Resolving everything before the run turns a platform/schedule mismatch into an error at
// start-up instead of a crash in the middle of the simulation.
void FaultInjector::resolve_host(const std::string& name, const std::string& cause, const sg::Host* where) {
  if (name == where->get_name())
    throw std::invalid_argument("the fault injector runs on '" + name + "', which " + cause + " turns off");
  sg::Host* host = sg::Engine::get_instance()->host_by_name_or_null(name);
  if (host == nullptr) throw std::invalid_argument(cause + ": no host '" + name + "'");
  hosts_[name].host = host;
}

void FaultInjector::resolve(const sg::Host* where) {
  for (const RandomFailures& r : plan_.random) resolve_host(r.host(), r.cause(), where);
  for (const FaultAction& a : plan_.timed) {
    if (a.kind == Kind::HostOff || a.kind == Kind::HostOn) {
      resolve_host(a.target, a.cause, where);
    } else if (a.kind == Kind::LinkOff || a.kind == Kind::LinkOn ||
               ((a.kind == Kind::SlowdownStart || a.kind == Kind::SlowdownEnd) && a.disk.empty())) {
      if (links_.count(a.target) != 0) continue;
      LinkState& s = links_[a.target];
      s.links = simgrid_links(a.target);
      if (s.links.empty()) throw std::invalid_argument(a.cause + ": no link '" + a.target + "'");
      for (const sg::Link* l : s.links) {
        s.base_bw.push_back(l->get_bandwidth());
        s.base_lat.push_back(l->get_latency());
      }
    } else if (a.kind == Kind::SlowdownStart || a.kind == Kind::SlowdownEnd) {
      resolve_disks(a);
    }
  }
}

void FaultInjector::resolve_disks(const FaultAction& a) {
  auto key = std::make_pair(a.target, a.disk);
  if (disks_.count(key) != 0) return;
  const sg::Host* host = sg::Engine::get_instance()->host_by_name_or_null(a.target);
  if (host == nullptr) throw std::invalid_argument(a.cause + ": no host '" + a.target + "'");
  for (sg::Disk* d : host->get_disks()) {
    if (d->get_name() != a.disk) continue;
    disks_[key] = DiskState{d, d->get_read_bandwidth(), d->get_write_bandwidth(), {}};
    return;
  }
  throw std::invalid_argument(a.cause + ": host '" + a.target + "' has no disk '" + a.disk + "'");
}

void FaultInjector::run_timed() {
  for (const FaultAction& a : plan_.timed) {
    if (a.time > sg::Engine::get_clock()) sg::this_actor::sleep_until(a.time);
    apply(a);
  }
}

void FaultInjector::run_random(RandomFailures& r) {
  FaultAction a;
  a.target = r.host();
  a.cause = r.cause();
  while (auto failure = r.next()) {
    a.kind = Kind::HostOff;
    a.time = failure->first;
    sg::this_actor::sleep_until(a.time);
    apply(a);
    a.kind = Kind::HostOn;
    a.time = failure->second;
    sg::this_actor::sleep_until(a.time);
    apply(a);
  }
}

void FaultInjector::apply(const FaultAction& a) {
  ++applied_;
  switch (a.kind) {
    case Kind::HostOff: host_off(a); break;
    case Kind::HostOn: host_on(a); break;
    case Kind::LinkOff: link_off(a); break;
    case Kind::LinkOn: link_on(a); break;
    case Kind::PartitionStart: partition_start(a); break;
    case Kind::PartitionHeal: partition_heal(a); break;
    case Kind::SlowdownStart: slowdown(a, true); break;
    case Kind::SlowdownEnd: slowdown(a, false); break;
    case Kind::DiskLoss: disk_loss(a); break;
  }
}

void FaultInjector::host_off(const FaultAction& a) {
  HostState& s = hosts_.at(a.target);
  const bool first = s.down++ == 0;
  if (first) {
    if (before_host_off_) before_host_off_(a.target);
    s.host->turn_off();
  }
  log(a, first ? a.cause : a.cause + "; already off");
  if (first) notify(a);
}

void FaultInjector::host_on(const FaultAction& a) {
  HostState& s = hosts_.at(a.target);
  if (s.down > 0 && --s.down == 0) {
    s.host->turn_on();
    log(a, a.cause);
    notify(a);
  } else {
    log(a, a.cause + "; stays off: another fault holds it down");
  }
}

void FaultInjector::link_off(const FaultAction& a) {
  LinkState& s = links_.at(a.target);
  if (s.down++ == 0)
    for (sg::Link* l : s.links) l->turn_off();
  log(a, s.down > 1 ? a.cause + "; already off" : a.cause);
}

void FaultInjector::link_on(const FaultAction& a) {
  LinkState& s = links_.at(a.target);
  if (s.down > 0 && --s.down == 0) {
    for (sg::Link* l : s.links) l->turn_on();
    log(a, a.cause);
  } else {
    log(a, a.cause + "; stays off: another fault holds it down");
  }
}

void FaultInjector::partition_start(const FaultAction& a) {
  partitions_[a.partition_id] = network_.add_partition(a.groups, a.one_way);
  std::string sizes;
  for (const auto& g : a.groups) {
    if (!sizes.empty()) sizes += '|';
    sizes += std::to_string(g.size());
  }
  log(a, a.cause + "; hosts " + sizes + (a.one_way ? "; one_way" : ""));
}

void FaultInjector::partition_heal(const FaultAction& a) {
  auto it = partitions_.find(a.partition_id);
  if (it != partitions_.end()) network_.heal(it->second);
  log(a, a.cause);
}

// Factors of overlapping slowdowns multiply; ending one removes its factors only.
void FaultInjector::slowdown(const FaultAction& a, bool start) {
  std::string params = fmt::format("bandwidth_factor={}", a.bandwidth_factor);
  if (a.disk.empty()) {
    LinkState& s = links_.at(a.target);
    auto factors = std::make_pair(a.bandwidth_factor, a.latency_factor);
    if (start) {
      s.slowdowns.push_back(factors);
    } else if (auto it = std::find(s.slowdowns.begin(), s.slowdowns.end(), factors);
               it != s.slowdowns.end()) {
      s.slowdowns.erase(it);
    }
    apply_link_factors(s);
    params += fmt::format(" latency_factor={}", a.latency_factor);
  } else {
    DiskState& s = disks_.at({a.target, a.disk});
    if (start) {
      s.slowdowns.push_back(a.bandwidth_factor);
    } else if (auto it = std::find(s.slowdowns.begin(), s.slowdowns.end(), a.bandwidth_factor);
               it != s.slowdowns.end()) {
      s.slowdowns.erase(it);
    }
    apply_disk_factors(s);
    params += " disk=" + a.disk;
  }
  log(a, a.cause + "; " + params);
}

void FaultInjector::apply_link_factors(LinkState& s) {
  double bw = 1.0, lat = 1.0;
  for (auto [b, l] : s.slowdowns) {
    bw *= b;
    lat *= l;
  }
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    s.links[i]->set_bandwidth(s.base_bw[i] * bw);
    s.links[i]->set_latency(s.base_lat[i] * lat);
  }
}

void FaultInjector::apply_disk_factors(DiskState& s) {
  double f = 1.0;
  for (double x : s.slowdowns) f *= x;
  s.disk->set_read_bandwidth(s.base_read * f);
  s.disk->set_write_bandwidth(s.base_write * f);
}

void FaultInjector::disk_loss(const FaultAction& a) {
  log(a, a.cause + "; " + (a.disk.empty() ? std::string("every disk") : "disk=" + a.disk));
  notify(a);
}

void FaultInjector::log(const FaultAction& a, const std::string& detail) const {
  if (log_) log_(sg::Engine::get_clock(), fault_action_name(a.kind), a.target, detail);
}

// Told to the models after it is logged (what a model does about a fault comes after it in
// events.csv), and only when the state changed: a host another fault already holds off is not
// turned off again.
void FaultInjector::notify(const FaultAction& a) const {
  bus_.publish(FaultEvent{a.kind, a.target, a.disk, sg::Engine::get_clock()});
}

}  // namespace sdsim
