#include "sim/cli/describe.hpp"

#include <fmt/format.h>

#include <limits>
#include <set>

#include "sim/faults/faults.hpp"
#include "sim/model/framework_metrics.hpp"
#include "sim/model/model.hpp"
#include "sim/model/service_params.hpp"
#include "sim/platform/platform.hpp"
#include "sim/scenario/expectations.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/sweep/grade.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim {
namespace {

Dimension dimension_of(ParamType t) {
  switch (t) {
    case ParamType::Size: return Dimension::Size;
    case ParamType::Rate: return Dimension::Rate;
    case ParamType::Bandwidth: return Dimension::Bandwidth;
    default: return Dimension::Duration;
  }
}

bool dimensioned(ParamType t) {
  return t == ParamType::Duration || t == ParamType::Size || t == ParamType::Rate ||
         t == ParamType::Bandwidth;
}

std::string bound(double v, ParamType t) {
  return dimensioned(t) ? format_quantity(v, dimension_of(t)) : fmt::format("{:g}", v);
}

std::string range_text(const ParamSpec& p) {
  const double inf = std::numeric_limits<double>::infinity();
  if (p.type == ParamType::Choice) return fmt::format("{}", fmt::join(p.choices, " | "));
  if (p.min == -inf && p.max == inf) return "";
  if (p.max == inf) return ">= " + bound(p.min, p.type);
  if (p.min == -inf) return "<= " + bound(p.max, p.type);
  return bound(p.min, p.type) + " .. " + bound(p.max, p.type);
}

// The registered service whose table a group is: named as the service, with its keys.
const ServiceParams* service_of_group(const ParamSpec& group) {
  const ServiceParams* service = find_service(group.name);
  if (!service) return nullptr;
  const std::vector<ParamSpec> specs = service->specs();
  if (specs.size() != group.children.size()) return nullptr;
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name != group.children[i].name) return nullptr;
  return service;
}

void describe_params(std::string& s, const std::vector<ParamSpec>& specs, const std::string& prefix) {
  for (const auto& p : specs) {
    const std::string path = prefix.empty() ? p.name : prefix + "." + p.name;
    if (p.type == ParamType::Group) {
      const ServiceParams* service = service_of_group(p);
      s += fmt::format("  {:<26} {}{}\n", path + ":", p.doc,
                       service ? fmt::format(" [service {}: sdsim describe service {}]",
                                             service->name, service->name)
                               : "");
      describe_params(s, p.children, path);
      continue;
    }
    s += fmt::format("  {:<26} {:<9} {:<14} {}\n", path, param_type_name(p.type),
                     p.default_text.empty() ? "(required)" : p.default_text, p.doc);
    const std::string range = range_text(p);
    if (!range.empty()) s += fmt::format("  {:<26} {:<9} {:<14} range: {}\n", "", "", "", range);
  }
}

}  // namespace

std::string models_listing() {
  std::string s;
  for (const auto& m : registered_models()) s += fmt::format("  {:<18} {}\n", m->name(), m->summary());
  return s;
}

std::string describe_param_table(const std::vector<ParamSpec>& specs) {
  std::string s;
  describe_params(s, specs, "");
  return s;
}

std::string services_listing() {
  std::string s;
  for (const ServiceParams& sp : registered_services())
    s += fmt::format("  {:<18} {}\n", sp.name, sp.summary);
  return s;
}

std::string describe_service(const std::string& name) {
  const ServiceParams* sp = find_service(name);
  if (!sp) return "";
  std::string s = fmt::format("service {}: {}\n\n", sp->name, sp->summary);
  s += "Parameters (a model using the service nests them under its name, e.g. params." + sp->name +
       ".*;\ndimensioned values take a unit, e.g. 150ms, 4KB, 2000/s, 1Gbps):\n";
  s += fmt::format("  {:<26} {:<9} {:<14} {}\n", "name", "type", "default", "meaning");
  describe_params(s, sp->specs(), "");
  return s;
}

std::string describe_model(const std::string& name) {
  auto m = find_model(name);
  if (!m) return "";
  std::string s = fmt::format("{}: {}\n\n{}\n\n", m->name(), m->summary(), m->description());
  ParamValues defaults;
  Diagnostics ignored;
  defaults = validate_params(nullptr, m->params(), "params", ignored);
  WorkloadSpec load;
  std::vector<std::string> roles;
  for (const auto& r : m->roles(defaults, load)) roles.push_back(fmt::format("{} x{}", r.role, r.count));
  s += fmt::format("Roles (hosts are named <role>-<i>; with default parameters and one client): {}\n\n",
                   fmt::join(roles, ", "));
  s += "Parameters (params.*; dimensioned values take a unit, e.g. 150ms, 4KB, 2000/s, 1Gbps):\n";
  s += fmt::format("  {:<26} {:<9} {:<14} {}\n", "name", "type", "default", "meaning");
  describe_params(s, m->params(), "");
  s += fmt::format(
      "\nDefaults: a scenario with only `model: {}` and a duration runs these parameters\n"
      "under the workload's defaults (sdsim describe workload); after the load the run drains\n"
      "for at most workload.drain, {} by default for this model.\n",
      m->name(), format_quantity(m->default_drain(), Dimension::Duration));
  s += "\nMetrics (summary.json; SI units; usable in expect:):\n";
  const MetricTable own = m->metric_table(), framework = framework_metric_table(nullptr);
  std::set<std::string> seen;
  auto line = [&s, &seen](const MetricDef& d) {
    if (!seen.insert(d.spec.name).second) return;
    s += fmt::format("  {:<26} {:<4} {}\n", d.spec.name, d.spec.unit.empty() ? "-" : d.spec.unit, d.spec.doc);
    if (!d.when.empty()) s += fmt::format("  {:<26} {:<4} only when: {}\n", "", "", d.when);
  };
  for (const MetricDef& d : own.defs()) line(d);
  for (const MetricDef& d : framework.defs()) line(d);
  return s;
}

namespace {

const std::vector<std::pair<std::string, std::string>>& topics() {
  static const std::vector<std::pair<std::string, std::string>> t = {
      {"scenario", "the top-level keys of a scenario file"},
      {"workload", "the load: arrivals, clients, open and closed loops, keys"},
      {"faults", "crashes, link and disk faults, partitions, slowdowns, random failures"},
      {"expect", "checks on metrics, comparisons across variants"},
      {"platform", "the YAML topology format (or: describe platform FILE)"},
      {"output", "the output folder: files and every CSV column with its unit"},
      {"services",
       "the services models build on, each with its parameters (describe service NAME)"},
      {"grade", "classroom exercises: grade.yaml and `sdsim grade`"},
  };
  return t;
}

std::string output_text() {
  std::string s = "output: what a run writes (in --out DIR, default results/<name>/)\n\n";
  s += describe_keys(output_keys());
  s += R"(
Files (DIR appears whole or not at all):
  summary.json     scenario, model, seed, sim_time (s), metrics (flat, SI units), expectations
                   (metric, op, expected, actual, ok), manifest (versions, git commit and dirty
                   state, binary id, SimGrid config, scenario hash, overrides, roles, resolved
                   params, workload and faults); byte-identical for the same inputs
  run.json         what differs between two runs of the same inputs: command, started (UTC),
                   wall_time (s)
  requests.csv     one row per request or message:
    id             -    request id (a reply carries its request's id)
    op             -    the request's message name
    client         -    the client actor
    server         -    the service it was sent to
    start          s    when the client first sent it (simulated time)
    end            s    when the client saw its outcome
    latency        s    end - start
    outcome        -    ok | error | timeout | unavailable | unanswered | (model-specific)
    retries        -    retries made before the outcome
  timeseries.csv   one row per output.interval:
    time           s    end of the interval
    throughput     1/s  successful requests per second in the interval
    errors         -    requests that failed in the interval (a count, not a rate)
    latency_p50    s    median latency of the interval's successful requests
    latency_p99    s    99th percentile of the same
    ...            the model's gauges, sampled at the end of the interval (sdsim describe MODEL)
  events.csv       one row per fault, heal, or notable change of the model:
    time           s    when
    kind           -    host_off, host_on, link_off, partition_start, ..., or the model's kinds
    target         -    host, link, partition, or the model's entity
    detail         -    the cause and parameters
  <variant>/       a scenario with variants: each variant's own folder (summary.json then
                   holds VARIANT.METRIC)
  trace.json       with --trace chrome: the run in Trace Event Format (Perfetto, chrome://tracing):
                   a process per host, a thread per actor; spans "handle MSG" (a service at work)
                   and "request OP" with its outcome; instants "send MSG" (args id, to, mailbox, bytes,
                   fate: sent | cut | lost) and "recv MSG" joined by flow arrows; faults as global
                   instants. Times in simulated microseconds; capped by --trace-max-events
  trace.paje       with --trace paje: SimGrid's Paje trace of hosts and links (ViTE: `vite FILE`)
  diagram.html     written by `sdsim diagram DIR [--from T] [--to T] [--max-messages N]`: a
                   message sequence diagram of trace.json (one lifeline per actor, one arrow per
                   message, lost ones crossed, faults as dashed lines), self-contained
)";
  return s;
}

}  // namespace

std::string describe_topics() {
  std::string s = "sdsim describe MODEL | TOPIC\n\nModels:\n" + models_listing() + "\nTopics:\n";
  for (const auto& [t, doc] : topics()) s += fmt::format("  {:<18} {}\n", t, doc);
  return s;
}

std::string describe_topic(const std::string& topic) {
  const std::string head = "  key                      type             default      meaning\n";
  if (topic == "scenario") return "scenario file: the top-level keys\n\n" + head + describe_keys(scenario_keys());
  if (topic == "workload") {
    std::string s = "workload: the load\n\n" + head + describe_keys(workload_keys());
    s += "\nWith no workload: at all, a scenario's duration (or workload.requests) is the only\n"
         "thing to give: Poisson arrivals at 10/s from one open-loop client, no warmup, no\n"
         "time-out, uniform keys over 1000. workload.drain by model: ";
    std::vector<std::string> drains;
    for (const auto& m : registered_models())
      drains.push_back(fmt::format("{} {}", m->name(),
                                   format_quantity(m->default_drain(), Dimension::Duration)));
    return s + fmt::format("{}.\n", fmt::join(drains, ", "));
  }
  if (topic == "faults") {
    std::string s = "faults: a list; each item is one kind of fault, named by its key\n"
                    "(every duration takes a unit; hosts are a host, rack, datacenter or glob)\n\n";
    for (const KeyDoc& k : fault_keys()) {
      s += fmt::format("{}: {}\n", k.key, k.doc);
      s += describe_keys(k.children, k.key == "random" ? "" : "");
      s += "\n";
    }
    return s;
  }
  if (topic == "expect") return expectations_help();
  if (topic == "platform")
    return "platform: a YAML topology (or a SimGrid XML file, loaded as it is)\n\n" + head +
           describe_keys(platform_keys()) + "\n`sdsim describe platform FILE` lists a file's hosts and where roles land.\n";
  if (topic == "output") return output_text();
  if (topic == "grade") return grade_help();
  if (topic == "services")
    return "services: the building blocks models use; `sdsim describe service NAME` lists a "
           "service's\n"
           "parameters (a model shows them under the service's name)\n\n" +
           services_listing();
  return "";
}

std::string describe_platform_file(const std::string& path, const std::string& model_filter) {
  Diagnostics diags;
  PlatformSpec spec = parse_platform_file(path, diags);
  if (!diags.ok()) throw InputError(diags);
  PlatformInfo all = place_roles(spec, {}, diags);
  if (!diags.ok()) throw InputError(diags);
  std::string s = fmt::format("{}: {} hosts, {} racks, {} datacenters, {} links\n\n", path, all.hosts.size(),
                              all.racks.size(), all.datacenters.size(), all.links.size());
  for (const HostInfo& h : all.hosts)
    s += fmt::format("  host {:<14} rack {:<10} dc {:<8} {} cores at {} flop/s, {} disks\n", h.name,
                     h.rack.empty() ? "-" : h.rack, h.datacenter.empty() ? "-" : h.datacenter, h.spec.cores,
                     h.spec.speed, h.spec.disks.size());
  s += fmt::format("  links: {}\n", fmt::join(all.links, ", "));
  for (const auto& m : registered_models()) {
    if (!model_filter.empty() && m->name() != model_filter) continue;
    Diagnostics ignored;
    const ParamValues defaults = validate_params(nullptr, m->params(), "params", ignored);
    WorkloadSpec load;
    Diagnostics place;
    PlatformInfo placed = place_roles(spec, m->roles(defaults, load), place);
    s += fmt::format("\n{} (default parameters, one client):\n", m->name());
    if (!place.ok()) {
      s += "  does not fit: " + place.list().front().message + "\n";
      continue;
    }
    for (const auto& [role, hosts] : placed.role_hosts) s += fmt::format("  {:<12} {}\n", role, fmt::join(hosts, ", "));
  }
  return s;
}

}  // namespace sdsim
