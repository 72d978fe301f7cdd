// What a model sees of a run: its resolved parameters and workload, the platform by name, the
// network layer, the recorder, and seeded random streams. Deliberately narrow: a model never
// sees the scenario file, the output folder or the engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/core/params.hpp"
#include "sim/core/random.hpp"
#include "sim/faults/faults.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/timeline.hpp"
#include "sim/net/net.hpp"
#include "sim/platform/platform.hpp"
#include "sim/workload/clients.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim {


class RunContext {
 public:
  RunContext(const ParamValues& params, const WorkloadSpec& workload, const PlatformInfo& platform,
             std::uint64_t seed, bool has_faults, Recorder& recorder, Net& net, Timeline& timeline,
             FaultBus& faults)
      : params_(params), workload_(workload), platform_(platform), seed_(seed),
        has_faults_(has_faults), recorder_(recorder), net_(net), timeline_(timeline), faults_(faults) {}

  const ParamValues& params() const { return params_; }
  const WorkloadSpec& workload() const { return workload_; }
  const PlatformInfo& platform() const { return platform_; }
  Recorder& recorder() { return recorder_; }
  Net& net() { return net_; }
  Timeline& timeline() { return timeline_; }
  // Every fault that changes the platform (host off/on, disk loss, ...), as it happens.
  void on_fault(std::function<void(const FaultEvent&)> listener) { faults_.subscribe(std::move(listener)); }
  std::uint64_t seed() const { return seed_; }
  // The scenario schedules faults (closed-form theory does not apply then).
  bool has_faults() const { return has_faults_; }

  // A stream of its own for every named consumer ("client-0", "station/service").
  RandomStream stream(std::string_view name) const { return RandomStream(seed_, name); }
  simgrid::s4u::Host* host(const std::string& name) const {
    return simgrid::s4u::Host::by_name(name);
  }
  const std::vector<std::string>& hosts_with_role(const std::string& role) const {
    return platform_.hosts_with_role(role);
  }
  void event(std::string_view kind, std::string_view target, std::string_view detail) {
    recorder_.event(simgrid::s4u::Engine::get_clock(), kind, target, detail);
  }
  // The scenario's workload as clients on the hosts of `role`.
  void start_clients(const std::string& role, RequestMaker make) {
    ClientEnv env{&net_, &recorder_, &workload_, seed_};
    env.add_load = [this](simgrid::s4u::ActorPtr a) { timeline_.add_load(std::move(a)); };
    sdsim::start_clients(env, hosts_with_role(role), std::move(make));
  }

 private:
  const ParamValues& params_;
  const WorkloadSpec& workload_;
  const PlatformInfo& platform_;
  std::uint64_t seed_;
  bool has_faults_;
  Recorder& recorder_;
  Net& net_;
  Timeline& timeline_;
  FaultBus& faults_;
};

}  // namespace sdsim
