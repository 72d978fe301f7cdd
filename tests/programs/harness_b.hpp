// A small harness for the service programs of tests/programs (*_service.cpp): one simulation
// per process, built as sim/run builds a run (Engine first, then the platform from a YAML
// topology and roles, the network, a recorder in a temporary folder, the fault bus and
// injector, a RunContext), with no model and no scenario. Drivers are non-daemon actors on
// client hosts; the simulation ends when they all have. Crashes go through the FaultInjector,
// as a scenario's `crash:` faults do. check() records a failed expectation; finish() prints
// them and gives the exit code (0 all held, 1 one failed).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/core/param_table.hpp"
#include "sim/core/params.hpp"
#include "sim/faults/injector.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/net.hpp"
#include "sim/net/network_state.hpp"
#include "sim/platform/platform.hpp"
#include "sim/run/run_timeline.hpp"

namespace harness_b {

namespace sg4 = simgrid::s4u;

// A config from its parameter table, with `yaml` (a flow map such as "{commitlog_sync: batch}")
// overriding the defaults; a bad value aborts the program with the table's message.
template <class Config>
Config configure(const sdsim::ParamTable<Config>& table, const std::string& yaml = "{}") {
  sdsim::Doc doc = sdsim::parse_yaml_text(yaml, "<program>");
  sdsim::Diagnostics diags;
  sdsim::ParamValues values = sdsim::validate_params(&doc, table.specs(), "", diags);
  if (!diags.ok()) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    std::exit(2);
  }
  return table.read(values);
}

// A platform of one rack: `hosts` slots, 1 Gf x 8 cores, 10 Gbps / 50 us host links, one SSD.
inline std::string one_rack(int hosts) {
  return fmt::format(R"(datacenters:
  - name: dc-0
    racks:
      - {{name: rack-0, hosts: {}, uplink: {{bandwidth: 40Gbps, latency: 10us}}}}
host:
  speed: 1Gf
  cores: 8
  link: {{bandwidth: 10Gbps, latency: 50us}}
  disks:
    - {{name: disk0, read: 500MBps, write: 400MBps}}
)",
                     hosts);
}

class Sim {
 public:
  Sim(const std::string& program, const std::string& platform_yaml,
      const std::vector<sdsim::RoleRequest>& roles, std::uint64_t seed = 1)
      : program_(program), seed_(seed) {
    std::vector<std::string> args{program, "--cfg=network/model:CM02", "--cfg=network/TCP-gamma:0",
                                  "--log=root.thres:critical"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int argc = static_cast<int>(args.size());
    engine_ = new sg4::Engine(&argc, argv.data());  // one per process, never destroyed
    sdsim::Diagnostics diags;
    const sdsim::Doc doc = sdsim::parse_yaml_text(platform_yaml, "<program platform>");
    const sdsim::PlatformSpec spec = sdsim::parse_platform_doc(doc, "<program platform>", diags);
    platform_ = sdsim::place_roles(spec, roles, diags);
    if (!diags.ok()) {
      std::fprintf(stderr, "%s", diags.str().c_str());
      std::exit(2);
    }
    sdsim::build_platform(*engine_, platform_);
    std::vector<std::string> names;
    for (const auto& h : platform_.hosts) names.push_back(h.name);
    partitions_ = std::make_unique<sdsim::NetworkState>(names);
    net_ = std::make_unique<sdsim::Net>(platform_, *partitions_, seed);
    char tmpl[] = "/tmp/sdsim-program-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    recorder_ = std::make_unique<sdsim::Recorder>(dir_, 0.0, 1.0, false);
    const double inf = std::numeric_limits<double>::infinity();
    timeline_ =
        std::make_unique<sdsim::RunTimeline>(sdsim::control_host(), inf, 0.0, inf, *recorder_);
    ctx_ = std::make_unique<sdsim::RunContext>(params_, workload_, platform_, seed, true,
                                               *recorder_, *net_, *timeline_, bus_);
  }
  ~Sim() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  sdsim::RunContext& ctx() { return *ctx_; }
  sdsim::Net& net() { return *net_; }
  // The partitions in force: add_partition(groups of host names, one_way) / heal(id) from a
  // driver, for a partition whose sides are known only during the run (a leader's).
  sdsim::NetworkState& network() { return *partitions_; }
  std::uint64_t seed() const { return seed_; }
  const std::vector<std::string>& hosts(const std::string& role) const {
    return platform_.hosts_with_role(role);
  }

  // Turns `host` off at `at` (s) and on again `down_for` seconds later (< 0: stays off).
  void crash(const std::string& host, double at, double down_for) {
    sdsim::FaultAction off;
    off.time = at;
    off.kind = sdsim::FaultAction::Kind::HostOff;
    off.target = host;
    off.cause = "program";
    plan_.timed.push_back(off);
    if (down_for >= 0) {
      sdsim::FaultAction on = off;
      on.time = at + down_for;
      on.kind = sdsim::FaultAction::Kind::HostOn;
      plan_.timed.push_back(on);
    }
  }
  // A driver: a non-daemon actor on `host`; the simulation lasts until every driver has ended.
  void driver(const std::string& name, const std::string& host, std::function<void()> body) {
    sg4::Actor::create(name, sg4::Host::by_name(host), std::move(body));
  }

  void run() {
    std::stable_sort(
        plan_.timed.begin(), plan_.timed.end(),
        [](const sdsim::FaultAction& a, const sdsim::FaultAction& b) { return a.time < b.time; });
    injector_ = std::make_unique<sdsim::FaultInjector>(
        plan_, *partitions_,
        [](double, const std::string&, const std::string&, const std::string&) {}, bus_,
        [this](const std::string& host) { net_->host_going_down(host); });
    injector_->start(sdsim::control_host());
    bool deadlock = false;
    sg4::Engine::on_deadlock_cb([&deadlock] { deadlock = true; });
    engine_->run();
    check(!deadlock, "the simulation deadlocked (a driver waits on a reply that can never come)");
  }

  // Records an expectation; a failed one is printed at once and makes finish() return 1.
  bool check(bool ok, const std::string& what) {
    if (!ok) {
      std::fprintf(stderr, "%s: FAILED: %s\n", program_.c_str(), what.c_str());
      ++failed_;
    }
    ++checks_;
    return ok;
  }
  void note(const std::string& line) { std::printf("%s\n", line.c_str()); }
  int finish() {
    std::printf("%s: %d checks, %d failed (simulated %.3f s)\n", program_.c_str(), checks_, failed_,
                sg4::Engine::get_clock());
    return failed_ == 0 ? 0 : 1;
  }

 private:
  std::string program_;
  std::uint64_t seed_;
  sg4::Engine* engine_ = nullptr;
  sdsim::PlatformInfo platform_;
  std::unique_ptr<sdsim::NetworkState> partitions_;
  std::unique_ptr<sdsim::Net> net_;
  std::string dir_;
  std::unique_ptr<sdsim::Recorder> recorder_;
  std::unique_ptr<sdsim::RunTimeline> timeline_;
  sdsim::FaultBus bus_;
  sdsim::ParamValues params_;
  sdsim::WorkloadSpec workload_;
  std::unique_ptr<sdsim::RunContext> ctx_;
  sdsim::FaultPlan plan_;
  std::unique_ptr<sdsim::FaultInjector> injector_;
  int checks_ = 0, failed_ = 0;
};

}  // namespace harness_b
