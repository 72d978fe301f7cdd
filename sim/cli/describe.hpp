// Text for `sdsim models` and `sdsim describe [MODEL|TOPIC]`, generated from the tables the
// loaders validate with (parameter and metric tables, key tables), so that it cannot drift
// from what validation accepts.
#pragma once

#include <string>
#include <vector>

#include "sim/core/params.hpp"

namespace sdsim {

std::string models_listing();
// Empty when the model is unknown.
std::string describe_model(const std::string& name);
// The topics `sdsim describe` knows besides the models (scenario, workload, faults, expect,
// platform, output, services), each with one line.
std::string describe_topics();
// The rows of a parameter table as `sdsim describe MODEL` prints them; a group that is a
// registered service's table, under the service's name, says so.
std::string describe_param_table(const std::vector<ParamSpec>& specs);
// The registered services (sim/model/service_params.hpp), one line each.
std::string services_listing();
// A service's parameter table; empty when the service is unknown.
std::string describe_service(const std::string& name);
// Empty when `topic` is no topic.
std::string describe_topic(const std::string& topic);
// A platform file's hosts, racks, links, and where each model's roles land on it (default
// parameters, one client). Throws InputError when the file is bad.
std::string describe_platform_file(const std::string& path, const std::string& model);

}  // namespace sdsim
