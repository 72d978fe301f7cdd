// Metrics every run reports, whatever the model: client-side latency and counts.
#pragma once

#include <vector>

#include "sim/core/metric_spec.hpp"

namespace sdsim {

class Model;

std::vector<MetricSpec> framework_metrics();
// The model's metrics followed by the framework's (those a model also declares are not repeated).
std::vector<MetricSpec> all_metrics(const Model& model);

}  // namespace sdsim
