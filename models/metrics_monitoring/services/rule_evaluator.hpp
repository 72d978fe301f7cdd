// The rule evaluator (role 'alerting', pull collection): every evaluation_interval, at
// k * evaluation_interval + evaluation_offset, it evaluates instance_down (`up == 0`): for
// each target, the latest `up` sample no older than `lookback` (Prometheus' instant-vector
// selection) is read from the time-series database; a target whose latest sample is 0 holds.
// The holding set goes through the rule's state machine (alert_rule.hpp); every transition
// is an `alert` row in events.csv (target: instance, detail: pending/firing/resolved/
// cancelled and when it went pending). If a query fails (the database is away) the
// evaluation fails and the alerts stay as they were, as in Prometheus.
#pragma once

#include "models/metrics_monitoring/experiment.hpp"

namespace sdsim::metrics_monitoring {

void start_rule_evaluator(Experiment& x);

}  // namespace sdsim::metrics_monitoring
