// An alerting rule's state machine, as Prometheus evaluates one (rules/alerting.go; documented
// at https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/):
//   - at each evaluation, every label set for which the expression holds and that has no
//     active alert becomes a new pending alert, active since this evaluation;
//   - a pending alert whose expression has held for `for` (now - active_at >= for) fires at
//     this evaluation; with for = 0 it fires at the evaluation that created it;
//   - an active alert whose label set no longer holds: a pending one is dropped (no
//     notification: Prometheus deletes it), a firing one is resolved;
//   - a label set that holds again after that starts a new pending alert.
// A failed evaluation (the query could not run) changes nothing (Prometheus returns the
// error and keeps the alerts as they were). Plain C++: the model feeds it, tests too.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sdsim::metrics_monitoring {

enum class AlertState { inactive, pending, firing };

struct AlertTransition {
  enum class Kind { pending, firing, resolved, cancelled };  // cancelled: pending -> dropped
  double time = 0;                                           // s: the evaluation's time
  std::string labels;                                        // the alert's label set
  Kind kind = Kind::pending;
  double active_at = 0;  // s: when it went pending
};
const char* transition_name(AlertTransition::Kind k);

class AlertRule {
 public:
  AlertRule(std::string name, double for_s) : name_(std::move(name)), for_(for_s) {}
  // One evaluation at `t`, given the label sets for which the expression holds.
  std::vector<AlertTransition> evaluate(double t, const std::vector<std::string>& holding);
  AlertState state(const std::string& labels) const;
  const std::string& name() const { return name_; }
  double for_duration() const { return for_; }

 private:
  struct Active {
    AlertState state = AlertState::pending;
    double active_at = 0;
  };
  std::string name_;
  double for_;
  std::map<std::string, Active> active_;  // by label set: deterministic order
};

}  // namespace sdsim::metrics_monitoring
