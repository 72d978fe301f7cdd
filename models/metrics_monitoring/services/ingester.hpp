// The ingester (role 'ingester'): a consumer group member of the log (sim/services/log) that
// writes each poll's samples to the time-series database in one append (remote-write style)
// and commits the offsets after the database acknowledged it (at-least-once). While the
// database is away it retries every second and commits nothing, so the samples wait in the
// log (queue.lag grows) instead of in the collectors.
#pragma once

#include "models/metrics_monitoring/experiment.hpp"

namespace sdsim::metrics_monitoring {

void start_ingester(Experiment& x, int index);

}  // namespace sdsim::metrics_monitoring
