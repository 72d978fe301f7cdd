// The alerting rule's state machine on hand-made evaluations, against Prometheus's documented
// semantics (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/:
// "alerts are considered active ... once they have been returned for this long [for]; alerts
// which have not yet fired for long enough are considered pending") and its implementation
// (rules/alerting.go, AlertingRule.Eval: a new alert is pending with ActiveAt = the evaluation's
// time; it fires when ts - ActiveAt >= holdDuration, so for = 0 fires at once; a pending alert
// whose label set disappears is deleted; a firing one is resolved).
#include <doctest/doctest.h>

#include "models/metrics_monitoring/alert_rule.hpp"

using namespace sdsim::metrics_monitoring;
using Kind = AlertTransition::Kind;

namespace {
std::vector<Kind> kinds(const std::vector<AlertTransition>& ts) {
  std::vector<Kind> out;
  for (const auto& t : ts) out.push_back(t.kind);
  return out;
}
}  // namespace

TEST_CASE("alert rule: pending, then firing once the expression held for `for`") {
  AlertRule rule("instance_down", 300);
  CHECK(kinds(rule.evaluate(30, {})).empty());
  CHECK(kinds(rule.evaluate(90, {"a"})) == std::vector{Kind::pending});
  CHECK(rule.state("a") == AlertState::pending);
  for (double t = 150; t < 390; t += 60) CHECK(kinds(rule.evaluate(t, {"a"})).empty());  // 150..330
  const auto fired = rule.evaluate(390, {"a"});  // 390 - 90 = 300
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].kind == Kind::firing);
  CHECK(fired[0].active_at == 90);
  CHECK(rule.state("a") == AlertState::firing);
  CHECK(kinds(rule.evaluate(450, {"a"})).empty());  // fires once: no second transition
  CHECK(kinds(rule.evaluate(510, {})) == std::vector{Kind::resolved});
  CHECK(rule.state("a") == AlertState::inactive);
}

TEST_CASE("alert rule: a pending alert that stops holding is dropped, never firing") {
  AlertRule rule("instance_down", 300);
  rule.evaluate(90, {"a"});
  for (double t = 150; t <= 330; t += 60) rule.evaluate(t, {"a"});  // held 240 s < 300 s
  CHECK(kinds(rule.evaluate(390, {})) == std::vector{Kind::cancelled});
  // Holding again starts a new pending alert from this evaluation, not the old one.
  const auto again = rule.evaluate(450, {"a"});
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == Kind::pending);
  CHECK(again[0].active_at == 450);
  CHECK(kinds(rule.evaluate(690, {"a"})).empty());  // 240 s
  CHECK(kinds(rule.evaluate(750, {"a"})) == std::vector{Kind::firing});
}

TEST_CASE("alert rule: without `for` an alert fires at the evaluation that first sees it") {
  AlertRule rule("instance_down", 0);
  CHECK(kinds(rule.evaluate(30, {"a"})) == std::vector{Kind::pending, Kind::firing});
  CHECK(kinds(rule.evaluate(90, {})) == std::vector{Kind::resolved});
}

TEST_CASE("alert rule: label sets are independent, transitions in label order") {
  AlertRule rule("instance_down", 60);
  CHECK(kinds(rule.evaluate(0, {"b", "a", "a"})) == std::vector{Kind::pending, Kind::pending});
  const auto t = rule.evaluate(60, {"a"});
  REQUIRE(t.size() == 2);
  CHECK(t[0].labels == "b");
  CHECK(t[0].kind == Kind::cancelled);
  CHECK(t[1].labels == "a");
  CHECK(t[1].kind == Kind::firing);
}
