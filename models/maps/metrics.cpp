// The maps model's metric table and its end-of-run accounting.
#include <cmath>

#include "models/maps/model.hpp"
#include "sim/model/run_context.hpp"
#include "sim/core/units.hpp"

namespace sdsim::maps {

namespace {
bool alternatives(const RunShape& s) { return s.params.integer("k") > 1; }
bool both(const RunShape& s) { return s.params.text("algorithm") == "both"; }
bool eta(const RunShape& s) { return s.params.flag("eta.enabled"); }
bool location(const RunShape& s) { return s.params.flag("location.enabled"); }
}  // namespace

MetricTable MapsModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  auto lv = [&r](double LocationResults::*f) { return [&r, f] { return r.location.*f; }; };
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
      .add_if("location.users", "",
              "navigating users",
              "location.enabled", location, lv(&LocationResults::users))
      .add_if("location.points", "",
              "GPS points the users recorded (one per gps_interval each, during the load)",
              "location.enabled", location, lv(&LocationResults::points))
      .add_if("location.batches", "",
              "batches the users made (one per batch_interval with points)",
              "location.enabled", location, lv(&LocationResults::batches))
      .add_if("location.write_requests", "",
              "batch requests sent to the location servers, resent batches included",
              "location.enabled", location, lv(&LocationResults::write_requests))
      .add_if("location.writes_per_s", "1/s",
              "location.write_requests / workload.duration: the write load in requests (batching divides it by batch_interval / gps_interval)",
              "location.enabled", location, lv(&LocationResults::writes_per_s))
      .add_if("location.points_per_s", "1/s",
              "location.points / workload.duration: the write load in points",
              "location.enabled", location, lv(&LocationResults::points_per_s))
      .add_if("location.acknowledged.batches", "",
              "batches acknowledged to their user (in the store at write_consistency, their event on the log)",
              "location.enabled", location, lv(&LocationResults::acknowledged_batches))
      .add_if("location.acknowledged.points", "",
              "points of the acknowledged batches",
              "location.enabled", location, lv(&LocationResults::acknowledged_points))
      .add_if("location.unacknowledged.points", "",
              "points of batches never acknowledged (still pending at the load's end, or refused until then)",
              "location.enabled", location, lv(&LocationResults::unacknowledged_points))
      .add_if("location.write_latency.p50", "s",
              "median batch write latency at the user (the acknowledged attempt, made after warm-up)",
              "location.enabled", location, lv(&LocationResults::latency_p50))
      .add_if("location.write_latency.p99", "s",
              "99th percentile batch write latency at the user",
              "location.enabled", location, lv(&LocationResults::latency_p99))
      .add_if("location.write_latency.mean", "s",
              "mean batch write latency at the user",
              "location.enabled", location, lv(&LocationResults::latency_mean))
      .add_if("location.stored.points", "",
              "points of the batches some store replica holds at the end (recounted from the replicas' LSM stores)",
              "location.enabled", location, lv(&LocationResults::stored_points))
      .add_if("location.lost.points", "",
              "points of acknowledged batches no replica holds at the end: acknowledged, then lost",
              "location.enabled", location, lv(&LocationResults::lost_points))
      .add_if("location.lost.batches", "",
              "acknowledged batches no replica holds at the end",
              "location.enabled", location, lv(&LocationResults::lost_batches))
      .add_if("location.under_replicated.points", "",
              "points of acknowledged batches held by fewer than store.replication_factor replicas at the end (a crash's lost commit-log tail; no anti-entropy repair)",
              "location.enabled", location, lv(&LocationResults::under_replicated_points))
      .add_if("location.reads", "",
              "history reads of recently acknowledged batches (the stale-read probe)",
              "location.enabled", location, lv(&LocationResults::reads))
      .add_if("location.stale_reads", "",
              "reads that did not find a batch acknowledged before they began",
              "location.enabled", location, lv(&LocationResults::stale_reads))
      .add_if("location.read_failures", "",
              "reads the store did not answer (unavailable, time-out)",
              "location.enabled", location, lv(&LocationResults::read_failures))
      .add_if("location.store_failures", "",
              "batch writes the store did not acknowledge at write_consistency (the user sends the batch again)",
              "location.enabled", location, lv(&LocationResults::store_failures))
      .add_if("location.publish_failures", "",
              "events the log did not acknowledge (the user sends the batch again)",
              "location.enabled", location, lv(&LocationResults::publish_failures))
      .add_if("location.store.writes_unavailable", "",
              "writes the store refused at once: fewer live replicas than write_consistency needs",
              "location.enabled", location, lv(&LocationResults::writes_unavailable))
      .add_if("location.events.published", "",
              "location events handed to the log (one per batch written; again when a batch is sent again)",
              "location.enabled", location, lv(&LocationResults::events_published))
      .add_if("location.events.consumed", "",
              "events the traffic consumer read, duplicates included",
              "location.enabled", location, lv(&LocationResults::events_consumed))
      .add_if("location.events.duplicates", "",
              "events read for a batch already read (published twice, or read again after a consumer restart)",
              "location.enabled", location, lv(&LocationResults::duplicates))
      .add_if("location.events.out_of_order", "",
              "batches read after a later batch of the same user",
              "location.enabled", location, lv(&LocationResults::out_of_order))
      .add_if("location.events.missing", "",
              "acknowledged batches the consumer never read by the end",
              "location.enabled", location, lv(&LocationResults::events_missing))
      .add_if("location.events_lag.max", "s",
              "largest delay from an event's hand-over to the producer to the consumer's first reading of its batch",
              "location.enabled", location, lv(&LocationResults::lag_max))
      .add_if("location.events_lag.mean", "s",
              "mean of the same delay",
              "location.enabled", location, lv(&LocationResults::lag_mean))
      .add_if("traffic.points", "",
              "points the traffic consumer applied to its per-arc speed estimates (each batch once)",
              "location.enabled", location, lv(&LocationResults::traffic_points))
      .add_if("traffic.arcs_observed", "",
              "arcs with at least one point",
              "location.enabled", location, lv(&LocationResults::arcs_observed))
      .add_if("traffic.speed_ratio.mean", "",
              "mean over observed arcs of the estimated speed / the arc's speed limit (the users' speed_min..1 factors)",
              "location.enabled", location, lv(&LocationResults::speed_ratio))
      .add_if("lsm.write_amplification", "",
              "the store's (flush + compaction bytes written) / client bytes written, over all nodes",
              "location.enabled", location, lv(&LocationResults::write_amplification))
      .add_if("lsm.write_amplification_with_commit_log", "",
              "the same with the commit log's bytes",
              "location.enabled", location, lv(&LocationResults::write_amplification_log))
      .add_if("lsm.compaction_bytes", "B",
              "bytes compactions read and wrote, over all store nodes",
              "location.enabled", location, lv(&LocationResults::compaction_bytes))
      .add_if("lsm.flush_bytes", "B",
              "bytes memtable flushes wrote, over all store nodes",
              "location.enabled", location, lv(&LocationResults::flush_bytes))
      .add_if("lsm.records_lost_in_crash", "",
              "unsynced commit-log records store crashes lost (periodic commitlog_sync)",
              "location.enabled", location, lv(&LocationResults::records_lost_in_crash))
      .add_if("location.store.hints_pending", "",
              "hints not yet replayed at the end",
              "location.enabled", location, lv(&LocationResults::hints_pending))
      .add_if("location.store.restarts", "",
              "store node restarts",
              "location.enabled", location, lv(&LocationResults::store_restarts))
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
  if (e.cfg.location.enabled) finish_location();
}

// The location service's accounting, in batch order (the same run gives the same sums): the
// stores are recounted replica by replica, locations.csv written.
void MapsModel::finish_location() {
  LocationState& s = e_->location;
  const LocationConfig& c = e_->cfg.location;
  LocationResults& r = results_.location;
  recount_replicas(s);
  const int rf = c.store.replication_factor;
  LatencyHistogram latency;
  double latency_sum = 0, latency_n = 0;
  for (std::uint64_t i = 0; i < s.batches.size(); ++i) {
    const BatchRecord& b = s.batches[i];
    const double points = double(b.points);
    r.write_requests += double(b.attempts);
    if (b.replicas_holding > 0) r.stored_points += points;
    if (b.acknowledged < 0) {
      r.unacknowledged_points += points;
    } else {
      ++r.acknowledged_batches;
      r.acknowledged_points += points;
      if (b.replicas_holding == 0) {
        ++r.lost_batches;
        r.lost_points += points;
      }
      if (b.replicas_holding < rf) r.under_replicated_points += points;
      if (b.consumed < 0) ++r.events_missing;
      if (b.made >= warmup_) {
        latency.add(b.latency);
        latency_sum += b.latency;
        ++latency_n;
      }
    }
    CsvWriter& w = locations_csv_;
    w.field(static_cast<unsigned long long>(i));
    w.field(static_cast<unsigned long long>(b.user));
    w.field(static_cast<unsigned long long>(b.seq));
    w.field(static_cast<unsigned long long>(b.points));
    w.field(round_ns(b.made));
    w.field(b.acknowledged < 0 ? -1.0 : round_ns(b.acknowledged));
    w.field(b.latency < 0 ? -1.0 : round_ns(b.latency));
    w.field(b.attempts);
    w.field(b.publications);
    w.field(b.consumed < 0 ? -1.0 : round_ns(b.consumed));
    w.field(b.consumptions);
    w.field(b.replicas_holding);
    w.end_row();
  }
  locations_csv_.close();
  r.users = double(c.users);
  r.batches = double(s.batches.size());
  r.points = double(s.points.size());
  const double duration = workload_duration_;
  r.writes_per_s = r.write_requests / duration;
  r.points_per_s = r.points / duration;
  r.latency_p50 = latency.quantile(0.5);
  r.latency_p99 = latency.quantile(0.99);
  if (latency_n > 0) r.latency_mean = latency_sum / latency_n;
  r.reads = double(s.n.reads);
  r.stale_reads = double(s.n.stale_reads);
  r.read_failures = double(s.n.read_failures);
  r.store_failures = double(s.n.store_failures);
  r.publish_failures = double(s.n.publish_failures);
  r.writes_unavailable = double(s.store->stats().writes_unavailable);
  r.events_published = double(s.events.size());
  r.events_consumed = double(s.n.events_consumed);
  r.duplicates = double(s.n.duplicate_events);
  r.out_of_order = double(s.n.out_of_order);
  r.lag_max = s.n.lag_max;
  if (s.n.lag_count > 0) r.lag_mean = s.n.lag_sum / double(s.n.lag_count);
  r.traffic_points = double(s.n.traffic_points);
  r.arcs_observed = double(s.arcs.size());
  double ratio = 0;
  for (const auto& [arc, a] : s.arcs) {
    const double limit = e_->graph->arc_length(arc) / e_->graph->free_flow_costs()[arc];
    ratio += a.speed_sum / double(a.points) / limit;
  }
  if (!s.arcs.empty()) r.speed_ratio = ratio / double(s.arcs.size());
  const StoreAmplification amp = store_amplification(*s.store);
  r.write_amplification = amp.write;
  r.write_amplification_log = amp.write_with_commit_log;
  r.compaction_bytes = amp.compaction_bytes;
  r.flush_bytes = amp.flush_bytes;
  r.records_lost_in_crash = amp.records_lost_in_crash;
  r.hints_pending = double(s.store->hints_pending());
  r.store_restarts = double(s.store->stats().restarts);
}

}  // namespace sdsim::maps
