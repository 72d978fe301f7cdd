// The registry of service parameter tables (sim/model/service_params.hpp): every service
// registers its table once, by name, and `sdsim describe MODEL` marks a model's group that is a
// service's table under the service's name (and only such a group).
#include <doctest/doctest.h>

#include "sim/cli/describe.hpp"
#include "sim/model/service_params.hpp"
#include "sim/services/kv/kv_config.hpp"

using namespace sdsim;

TEST_CASE("services: each service registers its parameter table once, sorted by name") {
  std::vector<std::string> names;
  for (const ServiceParams& s : registered_services()) names.push_back(s.name);
  CHECK(std::is_sorted(names.begin(), names.end()));
  for (const char* n : {"kv", "lsm", "nosql", "search", "timeseries", "sql", "redis", "external",
                        "connection", "blob"}) {
    CAPTURE(n);
    REQUIRE(find_service(n) != nullptr);
    CHECK(!find_service(n)->specs().empty());
  }
  CHECK(find_service("kv")->specs().size() == kv_service::kv_params().specs().size());
  CHECK(find_service("no-such-service") == nullptr);
  CHECK_THROWS_AS(ServiceParamsRegistration("kv", "again", &kv_service::kv_params),
                  std::logic_error);
}

TEST_CASE("services: a model's group holding a service's table is shown as the service's") {
  ParamSpec uses{"kv", ParamType::Group, "", "the mailbox store"};
  uses.children = kv_service::kv_params().specs();
  ParamSpec other{"kv", ParamType::Group, "", "something else called kv"};
  other.children = {ParamSpec{"x", ParamType::Int, "1", "a number"}};
  const std::string marked = describe_param_table({uses});
  CHECK(marked.find("the mailbox store [service kv: sdsim describe service kv]") !=
        std::string::npos);
  CHECK(marked.find("kv.replication_factor") != std::string::npos);
  CHECK(describe_param_table({other}).find("[service") == std::string::npos);
}
