// Text for `sdsim models` and `sdsim describe [MODEL|TOPIC]`, generated from the tables the
// loaders validate with (parameter and metric tables, key tables), so that it cannot drift
// from what validation accepts.
#pragma once

#include <string>
#include <vector>

namespace sdsim {

std::string models_listing();
// Empty when the model is unknown.
std::string describe_model(const std::string& name);
// The topics `sdsim describe` knows besides the models (scenario, workload, faults, expect,
// platform, output), each with one line.
std::string describe_topics();
// Empty when `topic` is no topic.
std::string describe_topic(const std::string& topic);
// A platform file's hosts, racks, links, and where each model's roles land on it (default
// parameters, one client). Throws InputError when the file is bad.
std::string describe_platform_file(const std::string& path, const std::string& model);

}  // namespace sdsim
