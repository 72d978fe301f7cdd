// The maps model's metric table and its end-of-run accounting.
#include <cmath>

#include "models/maps/model.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::maps {

namespace {
bool alternatives(const RunShape& s) { return s.params.integer("k") > 1; }
bool both(const RunShape& s) { return s.params.text("algorithm") == "both"; }
bool eta(const RunShape& s) { return s.params.flag("eta.enabled"); }
}  // namespace

MetricTable MapsModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("route.latency.p50", "s",
        "median route latency at the client (successful requests after warm-up)",
        v(&Results::latency_p50))
      .add("route.latency.p99", "s", "99th percentile route latency at the client",
           v(&Results::latency_p99))
      .add("route.requests", "", "route requests answered successfully after warm-up",
           v(&Results::routes))
      .add("route.nodes_expanded.mean", "",
           "nodes settled per successful request, over every search the server ran and "
           "charged for it (the algorithm's; Yen's spur searches too when k > 1; both "
           "algorithms' with algorithm both)",
           v(&Results::nodes_mean))
      .add("route.cost.mean", "s",
           "mean cost of the answered (shortest) route per successful request, summed in "
           "request order (s for the grid city; .gr weight units for DIMACS files)",
           v(&Results::cost_mean))
      .add("route.hops.mean", "", "arcs of the answered route per successful request",
           v(&Results::hops_mean))
      .add("route.checked", "", "routes held against the Dijkstra oracle (per algorithm run)",
           v(&Results::checked))
      .add("route.suboptimal", "",
           "routes whose cost differs from the oracle's beyond 1e-9 relative, or found when the "
           "oracle found none or the reverse (0: A* is exact)",
           v(&Results::suboptimal))
      .add("route.unreachable", "", "requests with no path, the oracle agreeing",
           v(&Results::unreachable))
      .add_if(
          "search.astar.nodes_expanded.mean", "", "nodes A* settled per request",
          "algorithm both", both, v(&Results::astar_nodes))
      .add_if(
          "search.dijkstra.nodes_expanded.mean", "", "nodes Dijkstra settled per request",
          "algorithm both", both, v(&Results::dijkstra_nodes))
      .add_if(
          "route.alternatives.mean", "", "paths returned per request (at most k)", "k > 1",
          alternatives, v(&Results::alternatives_mean))
      .add_if(
          "route.alternatives.looped", "", "paths visiting a node twice (0: Yen's are loopless)",
          "k > 1", alternatives, v(&Results::looped))
      .add_if(
          "route.alternatives.duplicates", "", "paths equal to an earlier path of their request",
          "k > 1", alternatives, v(&Results::duplicates))
      .add_if(
          "route.alternatives.unsorted", "",
          "paths cheaper than the path before them (0: costs non-decreasing)", "k > 1",
          alternatives, v(&Results::unsorted))
      .add_if(
          "route.alternatives.broken", "",
          "paths not along graph arcs from source to target, or whose cost is not their arcs' "
          "sum",
          "k > 1", alternatives, v(&Results::broken))
      .add_if(
          "eta.mae", "s",
          "mean |learned ETA - actual trip time| over successful requests with a route",
          "eta.enabled", eta, v(&Results::eta_mae))
      .add_if(
          "eta.mape", "", "mean |learned ETA - actual| / actual (0.1: 10 %)", "eta.enabled", eta,
          v(&Results::eta_mape))
      .add_if(
          "eta.baseline.mae", "s", "the same for the no-model baseline, the free-flow time",
          "eta.enabled", eta, v(&Results::baseline_mae))
      .add_if(
          "eta.baseline.mape", "", "mean |free-flow time - actual| / actual", "eta.enabled", eta,
          v(&Results::baseline_mape))
      .add_if(
          "eta.training.trips", "", "historical trips the model was fitted on (with a path)",
          "eta.enabled", eta, v(&Results::eta_trips))
      .add_if(
          "eta.training.mae", "s", "the fitted model's error on its own training trips",
          "eta.enabled", eta, v(&Results::eta_train_mae))
      .add("graph.nodes", "", "nodes of the road graph", v(&Results::graph_nodes))
      .add("graph.arcs", "", "arcs (one-way road segments) of the road graph",
           v(&Results::graph_arcs))
      .add("graph.memory_bytes", "B",
           "the graph's arrays: CSR offsets and targets, per-arc cost, length, class, positions",
           v(&Results::graph_memory))
      .add("graph.heuristic_scale", "",
           "s per m: A*'s h = straight line x this (1 / the highest speed for the grid city; 0 without "
           "coordinates: A* is Dijkstra)",
           v(&Results::scale))
      .add("estimate.navigation_minutes_per_day", "min",
           "the book: estimate.daily_active_users x navigation_minutes_per_week / 7 (5e9)",
           v(&Results::est_minutes))
      .add("estimate.location_qps.unbatched", "1/s",
           "the book: location updates a second if every GPS point were sent alone: "
           "navigation minutes a day x 60 / estimate.day_s / estimate.gps_interval (3e6)",
           v(&Results::est_points))
      .add("estimate.location_qps.batched", "1/s",
           "the book: the same with one request per estimate.batch_interval: navigation minutes "
           "a day x 60 / day_s / batch_interval (2e5)",
           v(&Results::est_batched))
      .add("estimate.location_qps.peak", "1/s",
           "the book: estimate.location_qps.batched x estimate.peak_factor (1e6)",
           v(&Results::est_peak));
  return t;
}

void MapsModel::finish(RunContext&) {
  const Experiment& e = *e_;
  Results& r = results_;
  r.latency_p50 = latency_.quantile(0.5);
  r.latency_p99 = latency_.quantile(0.99);
  r.routes = double(ok_.size());
  double cost = 0, hops = 0, nodes = 0, found = 0;
  for (const auto& entry : ok_) {
    const Answered& a = entry.second;
    nodes += double(a.nodes);
    if (a.hops > 0) {
      cost += a.cost;
      hops += double(a.hops);
      ++found;
    }
  }
  if (!ok_.empty()) r.nodes_mean = nodes / double(ok_.size());
  if (e.cfg.eta.enabled) {
    double ae = 0, pe = 0, be = 0, bpe = 0, trips = 0;
    for (const auto& entry : ok_) {
      const Answered& a = entry.second;
      if (a.actual <= 0) continue;  // no route, or source = target
      ae += std::abs(a.eta - a.actual);
      pe += std::abs(a.eta - a.actual) / a.actual;
      be += std::abs(a.baseline - a.actual);
      bpe += std::abs(a.baseline - a.actual) / a.actual;
      ++trips;
    }
    if (trips > 0) {
      r.eta_mae = ae / trips;
      r.eta_mape = pe / trips;
      r.baseline_mae = be / trips;
      r.baseline_mape = bpe / trips;
    }
    r.eta_trips = double(e.eta_trips);
    r.eta_train_mae = train_mae_;
  }
  if (found > 0) {
    r.cost_mean = cost / found;
    r.hops_mean = hops / found;
  }
  r.checked = double(e.checked);
  r.suboptimal = double(e.suboptimal);
  r.unreachable = double(e.unreachable);
  if (e.astar_searches) r.astar_nodes = double(e.astar_nodes) / double(e.astar_searches);
  if (e.dijkstra_searches)
    r.dijkstra_nodes = double(e.dijkstra_nodes) / double(e.dijkstra_searches);
  if (e.alternative_sets)
    r.alternatives_mean = double(e.alternatives) / double(e.alternative_sets);
  r.looped = double(e.alternatives_check.looped);
  r.duplicates = double(e.alternatives_check.duplicates);
  r.unsorted = double(e.alternatives_check.unsorted);
  r.broken = double(e.alternatives_check.broken);
  r.graph_nodes = double(e.graph->num_nodes());
  r.graph_arcs = double(e.graph->num_arcs());
  r.graph_memory = double(e.graph->memory_bytes());
  r.scale = e.scale;
  const LocationEstimate est = location_estimate(e.cfg.estimate);
  r.est_minutes = est.navigation_minutes_per_day;
  r.est_points = est.points_per_s;
  r.est_batched = est.batched_qps;
  r.est_peak = est.peak_qps;
  routes_csv_.close();
}

}  // namespace sdsim::maps
