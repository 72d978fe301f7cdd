// Metrics every run reports, whatever the model: client-side latency and counts, read from the
// recorder (sim/metrics) once the run is over.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/core/metric_spec.hpp"
#include "sim/model/metric_table.hpp"

namespace sdsim {

class Model;
class Recorder;

// The framework's table; its values read `recorder` (null: for the declarations only).
MetricTable framework_metric_table(const Recorder* recorder);
std::vector<MetricSpec> framework_metrics();
// The model's metrics followed by the framework's (those a model also declares are not repeated).
std::vector<MetricSpec> all_metrics(const Model& model);
// Every metric that applies to this run, with its value: the model's table, then the
// framework's (a model's declaration of a framework name replaces it).
std::map<std::string, double> collect_metrics(const Model& model, const Recorder& recorder, const RunShape& shape);

}  // namespace sdsim
