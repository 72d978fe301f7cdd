#include "models/metrics_monitoring/services/rule_evaluator.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/model/run_context.hpp"
#include "sim/services/timeseries/tsdb_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

// The instances for which up == 0 at t, or nothing when a query failed.
std::optional<std::vector<std::string>> down_instances(Experiment& x,
                                                       timeseries_service::TsdbClient& tsdb,
                                                       double t) {
  std::vector<std::string> holding;
  // Samples stamped at t are selected (Prometheus: the range (t - lookback, t]).
  const double tick = x.cfg.tsdb.timestamp_resolution;
  for (std::size_t target = 0; target < x.targets.size(); ++target) {
    auto r = tsdb.range(x.series[x.up_series[target]], t - x.cfg.alert.lookback + tick, t + tick);
    if (!r.ok()) return std::nullopt;
    const auto& points = r.value().points;
    if (!points.empty() && points.back().value == 0.0) holding.push_back(x.target_names[target]);
  }
  return holding;
}

void evaluate_loop(Experiment& x) {
  Rpc rpc(x.ctx.net(), "rule-evaluator");
  timeseries_service::TsdbClient tsdb(rpc, x.tsdb->endpoint(), CallOptions{2.0, 0, 0.1});
  const AlertConfig& a = x.cfg.alert;
  const double first =
      std::ceil((sg4::Engine::get_clock() - a.evaluation_offset) / a.evaluation_interval);
  for (double k = std::max(0.0, first);; k += 1) {
    const double t = k * a.evaluation_interval + a.evaluation_offset;
    sg4::this_actor::sleep_until(t);
    ++x.counters.evaluations;
    auto holding = down_instances(x, tsdb, t);
    if (!holding) {
      ++x.counters.evaluations_failed;
      continue;
    }
    for (const AlertTransition& tr : x.rule.evaluate(t, *holding)) {
      if (tr.kind == AlertTransition::Kind::firing) ++x.firing;
      if (tr.kind == AlertTransition::Kind::resolved) --x.firing;
      x.transitions.push_back(tr);
      x.ctx.event(
          "alert", tr.labels,
          fmt::format("{} {} active_at={}", x.rule.name(), transition_name(tr.kind), tr.active_at));
    }
  }
}

}  // namespace

void start_rule_evaluator(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("alerting").front();
  Experiment* px = &x;
  auto actor = sg4::Actor::create("rule-evaluator", sg4::Host::by_name(host), [px] {
    sg4::Actor::self()->daemonize();
    evaluate_loop(*px);
  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::metrics_monitoring
