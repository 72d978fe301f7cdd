// What a model sees of a run: its scenario, the platform by name, the network layer, the
// recorder, and seeded random streams.
#pragma once

#include <string>
#include <string_view>

#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/net/net.hpp"
#include "sim/scenario/scenario.hpp"

namespace sdsim {

class RunContext {
 public:
  RunContext(const Scenario& scenario, const PlatformInfo& platform, Recorder& recorder, Net& net)
      : scenario_(scenario), platform_(platform), recorder_(recorder), net_(net) {}

  const Scenario& scenario() const { return scenario_; }
  const ParamValues& params() const { return scenario_.params; }
  const WorkloadSpec& workload() const { return scenario_.workload; }
  const PlatformInfo& platform() const { return platform_; }
  Recorder& recorder() { return recorder_; }
  Net& net() { return net_; }
  std::uint64_t seed() const { return scenario_.seed; }

  // A stream of its own for every named consumer ("client-0", "station/service").
  RandomStream stream(std::string_view name) const { return RandomStream(scenario_.seed, name); }
  simgrid::s4u::Host* host(const std::string& name) const {
    return simgrid::s4u::Host::by_name(name);
  }
  const std::vector<std::string>& hosts_with_role(const std::string& role) const {
    return platform_.hosts_with_role(role);
  }
  void event(std::string_view kind, std::string_view target, std::string_view detail) {
    recorder_.event(simgrid::s4u::Engine::get_clock(), kind, target, detail);
  }

 private:
  const Scenario& scenario_;
  const PlatformInfo& platform_;
  Recorder& recorder_;
  Net& net_;
};

}  // namespace sdsim
