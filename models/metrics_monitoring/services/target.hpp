// A monitored server (role 'target'): its exporter answers scrapes with the current value of
// each gauge (pull), or its agent samples them every push.interval and pushes them to a
// collector (push). Both register the target in the coordination service
// (/targets/<instance>), as a service-discovery registry would hold it. The agent's buffer is
// volatile: a crash of the target loses the samples it held.
#pragma once

#include "models/metrics_monitoring/experiment.hpp"

namespace sdsim::metrics_monitoring {

void start_target(Experiment& x, int target);

}  // namespace sdsim::metrics_monitoring
