#include "sim/model/service_params.hpp"

#include <algorithm>
#include <stdexcept>

namespace sdsim {
namespace {

// A function-local static: registrations run during the static initialisation of other files.
std::vector<ServiceParams>& services() {
  static std::vector<ServiceParams> s;
  return s;
}

}  // namespace

ServiceParamsRegistration::ServiceParamsRegistration(
    std::string name, std::string summary, std::function<std::vector<ParamSpec>()> specs) {
  auto& all = services();
  if (std::any_of(all.begin(), all.end(), [&](const ServiceParams& s) { return s.name == name; }))
    throw std::logic_error("service parameters registered twice: " + name);
  auto at =
      std::lower_bound(all.begin(), all.end(), name,
                       [](const ServiceParams& s, const std::string& n) { return s.name < n; });
  all.insert(at, ServiceParams{std::move(name), std::move(summary), std::move(specs)});
}

const std::vector<ServiceParams>& registered_services() { return services(); }

const ServiceParams* find_service(const std::string& name) {
  for (const ServiceParams& s : services())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace sdsim
