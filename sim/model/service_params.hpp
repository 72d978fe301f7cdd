// The registry of service parameter tables, for `sdsim describe services` and
// `sdsim describe service NAME`. A service registers its table with one line in its own .cpp,
// as models register themselves:
//
//   static const ServiceParamsRegistration registration{"kv", "Cassandra-like replicated store",
//                                                       &kv_params};
//
// A model that uses a service nests the service's table under the service's name
// (`.group("kv", "...", &Config::kv, kv_params())`); `sdsim describe MODEL` then marks that
// group as the service's.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/core/param_table.hpp"
#include "sim/core/params.hpp"

namespace sdsim {

struct ServiceParams {
  std::string name;     // as `sdsim describe service NAME` takes it
  std::string summary;  // one line
  std::function<std::vector<ParamSpec>()> specs;
};

struct ServiceParamsRegistration {
  ServiceParamsRegistration(std::string name, std::string summary,
                            std::function<std::vector<ParamSpec>()> specs);
  template <class Config>
  ServiceParamsRegistration(std::string name, std::string summary,
                            const ParamTable<Config>& (*table)())
      : ServiceParamsRegistration(std::move(name), std::move(summary),
                                  [table] { return table().specs(); }) {}
};

// Sorted by name.
const std::vector<ServiceParams>& registered_services();
const ServiceParams* find_service(const std::string& name);

}  // namespace sdsim
