// What every architecture model provides, and the registry models add themselves to.
// A model declares its parameters and metrics (so `sdsim describe` and validation share one
// source), asks for host roles, creates its services on the platform, and reports metrics.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/metric_spec.hpp"
#include "sim/core/params.hpp"
#include "sim/model/metric_table.hpp"
#include "sim/platform/platform.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim {

class RunContext;

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;      // one line for `sdsim models`
  virtual std::string description() const = 0;  // paragraphs for `sdsim describe`
  virtual std::vector<ParamSpec> params() const = 0;
  // Metrics the model reports, each with how its value is read after finish() (the
  // framework's client-side metrics are added by the run).
  virtual MetricTable metric_table() const = 0;
  std::vector<MetricSpec> metrics() const { return metric_table().specs(); }
  virtual std::vector<RoleRequest> roles(const ParamValues& params, const WorkloadSpec& load) const = 0;
  // The platform used when a scenario names none, as YAML topology text.
  virtual std::string default_platform(const ParamValues& params, const WorkloadSpec& load) const = 0;
  // Checks of the platform the roles were placed on (e.g. data nodes need disks); `where` is
  // the platform's source for the error.
  virtual void check_placement(const PlatformInfo& placed, const ParamValues& params, const Location& where,
                               Diagnostics& diags) const {}
  // How long the run drains after its load when the scenario does not say (workload.drain).
  virtual double default_drain() const { return 60.0; }
  // Extra checks across parameters and workload (reported like any input error).
  virtual void check(const ParamValues& params, const WorkloadSpec& load, Diagnostics& diags) const {}

  // One run: create services and clients. Called once, before the simulation starts.
  virtual void setup(RunContext& ctx) = 0;
  // After the simulation, before its metric table is read: final accounting (what is still
  // pending, summaries). Optional.
  virtual void finish(RunContext& ctx) {}
};

using ModelFactory = std::function<std::unique_ptr<Model>()>;

// Models register from a static object in their own .cpp: `static ModelRegistration r{...}`.
struct ModelRegistration {
  explicit ModelRegistration(ModelFactory factory);
};

// Sorted by name. Each entry is one prototype instance (used for schemas and docs).
const std::vector<std::shared_ptr<const Model>>& registered_models();
std::shared_ptr<const Model> find_model(const std::string& name);
std::unique_ptr<Model> create_model(const std::string& name);
std::vector<std::string> model_names();

// A default platform for models whose roles share one kind of host: one datacenter of `racks`
// racks (40 Gbps uplinks of `uplink_latency`), enough hosts in each for every role's hosts,
// each host 1 Gf with 8 cores, a 10 Gbps / 50 us link and one SSD-like disk (500 MBps read,
// 400 MBps write).
std::string racked_platform(const std::vector<RoleRequest>& roles, int racks,
                            const std::string& uplink_latency = "20us");

// A default platform for models that charge only CPU and network: one rack of `hosts` hosts
// (10 Gbps / 50 us uplink and host links), each 1 Gf with `cores` cores and no disk.
std::string diskless_rack_platform(int hosts, int cores);

}  // namespace sdsim
