#include "sim/model/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace sdsim {
namespace {

// Function-local statics: registration runs during static initialisation of other files.
std::map<std::string, ModelFactory>& factories() {
  static std::map<std::string, ModelFactory> f;
  return f;
}

}  // namespace

ModelRegistration::ModelRegistration(ModelFactory factory) {
  auto name = factory()->name();
  factories().emplace(std::move(name), std::move(factory));
}

const std::vector<std::shared_ptr<const Model>>& registered_models() {
  static const std::vector<std::shared_ptr<const Model>> models = [] {
    std::vector<std::shared_ptr<const Model>> v;
    for (const auto& [name, make] : factories()) v.push_back(make());
    return v;
  }();
  return models;
}

std::shared_ptr<const Model> find_model(const std::string& name) {
  for (const auto& m : registered_models())
    if (m->name() == name) return m;
  return nullptr;
}

std::unique_ptr<Model> create_model(const std::string& name) {
  auto it = factories().find(name);
  return it == factories().end() ? nullptr : it->second();
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& [name, make] : factories()) names.push_back(name);
  return names;
}

std::string racked_platform(const std::vector<RoleRequest>& roles, int racks,
                            const std::string& uplink_latency) {
  int hosts = 0;
  for (const RoleRequest& r : roles) hosts += r.count;
  std::string text = "datacenters:\n  - name: dc-0\n    racks:\n";
  for (int i = 0; i < racks; ++i)
    text += fmt::format(
        "      - {{name: rack-{}, hosts: {}, uplink: {{bandwidth: 40Gbps, latency: {}}}}}\n", i,
        (hosts + racks - 1) / racks, uplink_latency);
  return text +
         "host: {speed: 1Gf, cores: 8, link: {bandwidth: 10Gbps, latency: 50us}, "
         "disks: [{name: disk0, read: 500MBps, write: 400MBps}]}\n";
}

std::string diskless_rack_platform(int hosts, int cores) {
  return fmt::format(
      "datacenters:\n"
      "  - name: dc-0\n"
      "    racks:\n"
      "      - {{name: rack-0, hosts: {}, uplink: {{bandwidth: 10Gbps, latency: 50us}}}}\n"
      "host: {{speed: 1Gf, cores: {}, link: {{bandwidth: 10Gbps, latency: 50us}}, disks: []}}\n",
      hosts, cores);
}

}  // namespace sdsim
