// Stochastic disk failures from an annual failure rate: each disk of each data node fails
// after exponential times with mean year / (lambda * time_scale), lambda = -ln(1 - AFR), so
// that `time_scale` real seconds pass per simulated second and years fit in a run. A failed
// disk's data is gone (lose_disk) and an empty disk replaces it after `replace_after`.
#pragma once

#include "models/object_store/cluster.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

void start_disk_failures(RunContext& ctx, Cluster& c, double until);

}  // namespace sdsim::object_store
