// Visualisation. The query frontend (role 'query') answers dashboard panels from the
// time-series database: a panel is the cpu series of one target over [end - range, end),
// read as 1-minute rollup windows (dashboard.rollups) or as raw points, so its cost follows
// the points or windows read. With the query cache on, a result is kept cache_ttl and
// served again to any panel asking the same (target, start, end): dashboards align `end` to
// the minute, so concurrent dashboards ask the same thing. The frontend serves 16 panels at
// once; the cache is volatile.
//
// Dashboards (role 'dashboard', dashboard.dashboards of them) refresh every
// refresh_interval, every panel at once, and incident_factor times as often while an alert
// fires (the spiky reads of an incident). Each panel is a row of requests.csv (op panel,
// client dashboard-i, server query-frontend, outcome ok/timeout); its latency is seen by the
// dashboard.
#pragma once

#include "models/metrics_monitoring/experiment.hpp"

namespace sdsim::metrics_monitoring {

void start_frontend(Experiment& x);
void start_dashboard(Experiment& x, int dashboard);

}  // namespace sdsim::metrics_monitoring
