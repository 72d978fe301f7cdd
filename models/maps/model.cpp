// The maps model's registration: builds the road graph, places the navigation servers and
// the clients on the platform.
#include "models/maps/model.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/maps/road_network.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"
#include "models/maps/services/location_service.hpp"
#include "models/maps/services/navigation_server.hpp"
#include "sim/core/units.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::maps {

std::string MapsModel::summary() const {
  return "maps navigation: A* vs Dijkstra on a road graph, Yen's k shortest alternatives, every "
         "route held against a Dijkstra oracle";
}

std::string MapsModel::description() const {
  return R"(The road graph (graph.source) is a generated grid city (width x height intersections
block_m apart; every arterial_every-th street an arterial at 70 km/h, every highway_every-th a
highway at 110 km/h, the rest local streets at 50 km/h; both directions; an arc costs its length
/ its speed limit, in s) or the 9th DIMACS challenge's .gr (arc weights as costs) and optional .co
(coordinates) files; a bad line is an error at its line. Clients (role 'client') send
route(source, target), a uniformly random pair of distinct nodes per request, to the navigation
servers (role 'navigation') in turn. A server searches by `algorithm`: A* with h(v) = the
straight line to the target x the graph's admissible scale (every arc costs at least that x its
straight-line length; for the grid city 1 / 110 km/h), consistent, so its route costs what
Dijkstra's does; Dijkstra; or both. With k > 1 it returns Yen's k shortest loopless paths (the
shortest first). CPU: cost.per_request, then cost.per_node for every node a search settled (on
`workers` cores per server). Latency is measured at the client.

ETA (eta.enabled): a linear model fitted at start-up by least squares (Eigen, column-pivoting QR)
on eta.training_trips historical trips (random pairs, A* routes, departures uniform over the day)
on 7 features: free-flow seconds on local, arterial and highway arcs, the same three inside the
rush windows (07:00-09:30, 16:30-19:00), and a constant. The truth: an arc of class c at hour h
takes its free-flow time x (1 + peak_c x (b(h - 8) + b(h - 17.5))), b(x) = exp(-x^2/2), the whole
trip at its departure hour, times a per-trip lognormal factor exp(noise x N(0,1)). Each answered
request (departure hour drawn by eta.departures) gets the model's ETA and the free-flow baseline,
both held against its actual time: eta.mae / eta.mape against eta.baseline.*.

Location service (location.enabled, off by default; roles 'location', 'store', 'broker',
'controller', 'traffic'; needs workload.duration): location.users users on the client hosts each
drive random A* routes (at U[speed_min, 1) x every arc's speed limit), record a GPS point every
gps_interval and send the points since their last batch every batch_interval (from a random
phase) to a location server (user mod servers; the next one after a failure). A server charges
cpu_per_batch + cpu_per_point per point, writes the batch (key loc/<user>/<seq>, points x
point_bytes) to the replicated LSM-backed KV store at write_consistency (sdsim describe service
kv), publishes one event for it on the log's topic 'locations' (keyed by user; sdsim describe
service log_broker) and acknowledges; a batch not acknowledged within `timeout` is sent again at the
next batch time, before the new one. History readers on the server hosts read batches
acknowledged within read_window at read_consistency (read_rate in all): a read not finding its
batch is stale. The traffic consumer (group 'traffic') applies each batch's points once to
per-arc speed estimates. At the end every batch's key is looked up in each of its replicas' LSM
stores (uncharged): stored, lost (acknowledged, on no replica) and under-replicated points.
locations.csv, one row per batch: batch (id), user, seq (the user's batch number), points,
made (s, when the user closed it), acknowledged (s; -1 never), latency_s (s, of the
acknowledged attempt; -1), attempts (requests sent), publications (events published for it),
consumed (s, the consumer's first reading; -1 never), consumptions (events of it read),
replicas (store replicas holding it at the end).

Checks (every request): the route's cost against a Dijkstra search by the checker, not charged
(route.suboptimal counts differences beyond 1e-9 relative, and found/not-found disagreements); with
k > 1 every path is checked to be loopless, distinct from the others, along graph arcs from source to
target with the cost stated, and not cheaper than the path before it.

Outputs: routes.csv, one row per route returned per algorithm per request a server answered:
request_id, source and target (node ids, 0-based), algorithm (astar | dijkstra), rank (0 the
shortest, 1.. the alternatives), outcome (the client's: ok, timeout, ...), found (1, or 0 with
empty cost: no path), cost (s for the grid city, .gr weight units otherwise), hops (arcs),
nodes_expanded (nodes settled by that algorithm's searches for the request, all ranks together,
the same on each of its rows), latency_s (s, at the client, the request's), with eta.enabled
departure_h (hour of the day), eta_s (the model's, s), eta_baseline_s (free flow, s) and actual_s
(the trip's time on the traffic, s) of the request's answered route, and path (write_paths: the
node ids, space-separated).)";
}

std::vector<RoleRequest> MapsModel::roles(const ParamValues& p, const WorkloadSpec& load) const {
  const Config c = maps::params().read(p);
  std::vector<RoleRequest> r{{"navigation", c.navigation_servers}, {"client", load.clients}};
  if (c.location.enabled) {
    const LocationConfig& l = c.location;
    r.insert(r.end(), {{"location", l.servers},
                       {"store", l.store_nodes},
                       {"broker", l.log.brokers},
                       {"controller", 1},
                       {"traffic", 1}});
  }
  return r;
}

// Routing alone charges CPU and network only; the location service's store and brokers need
// disks, on three racks (a store replica per rack).
std::string MapsModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  const Config c = maps::params().read(p);
  if (c.location.enabled) return racked_platform(roles(p, load), 3);
  return diskless_rack_platform(c.navigation_servers + load.clients, c.workers);
}

void MapsModel::check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const {
  const Config c = maps::params().read(p);
  // A grid is made again in setup; here only the DIMACS files are read, for their errors.
  if (c.graph.source == "dimacs") load_road_graph(c, p, diags, 1);
  if (!c.location.enabled) return;
  const LocationConfig& l = c.location;
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration",
                "the location service's users drive for the load's duration: set duration");
  if (l.store.replication_factor > l.store_nodes)
    diags.error(p.where("location.store.replication_factor"),
                "params.location.store.replication_factor",
                fmt::format("cannot exceed params.location.store_nodes ({})", l.store_nodes));
  if (l.log.replication_factor > l.log.brokers)
    diags.error(p.where("location.log.replication_factor"), "params.location.log.replication_factor",
                fmt::format("cannot exceed params.location.log.brokers ({})", l.log.brokers));
  if (l.log.min_insync_replicas > l.log.replication_factor)
    diags.error(p.where("location.log.min_insync_replicas"),
                "params.location.log.min_insync_replicas",
                "cannot exceed params.location.log.replication_factor");
}

// The location service: the store, the log, the servers, readers, users and the traffic
// consumer; the run drains until every acknowledged batch's event was read and the store's
// hints are replayed (or workload.drain has passed).
void MapsModel::setup_location(RunContext& ctx) {
  Experiment& e = *e_;
  LocationState& s = e.location;
  LocationConfig& c = e.cfg.location;
  // An event carries its batch: a header and a full batch's points.
  c.producer.record_bytes = 64.0 + std::ceil(c.batch_interval / c.gps_interval) * c.point_bytes;
  s.store = std::make_unique<kv_service::KvStore>(ctx, c.store, "location-store");
  s.store->start(ctx.hosts_with_role("store"));
  s.log = std::make_unique<log_service::LogCluster>(c.log, ctx);
  s.topic = &s.log->add_topic("locations", c.partitions);
  s.group = s.log->add_group("traffic", *s.topic, c.consumer.session_timeout);
  s.log->start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
  s.planner = std::make_unique<storage::road_graph::ShortestPathSearch>(*e.graph);
  s.consumed_seq.assign(std::size_t(c.users), 0);
  locations_csv_.open(ctx.recorder().output_path("locations.csv"),
                      {"batch", "user", "seq", "points", "made", "acknowledged", "latency_s",
                       "attempts", "publications", "consumed", "consumptions", "replicas"});
  start_location_servers(ctx, e_);
  start_history_readers(ctx, e_);
  start_traffic_consumer(ctx, e_);
  start_location_users(ctx, e_);
  ctx.recorder().add_gauge("lsm_write_amplification", [x = e_] {
    return store_amplification(*x->location.store).write;
  });
  ctx.timeline().drain_until([x = e_] {
    for (const BatchRecord& b : x->location.batches)
      if (b.acknowledged >= 0 && b.consumed < 0) return false;
    return x->location.store->hints_pending() == 0;
  });
}

void MapsModel::setup(RunContext& ctx) {
  e_ = std::make_shared<Experiment>();
  Experiment& e = *e_;
  e.cfg = maps::params().read(ctx.params());
  Diagnostics diags;
  e.graph = load_road_graph(e.cfg, ctx.params(), diags, ctx.seed());
  if (!diags.ok()) throw InputError(diags);
  e.scale = e.graph->admissible_scale(e.graph->free_flow_costs());
  e.seed = ctx.seed();
  warmup_ = ctx.workload().warmup;
  workload_duration_ = ctx.workload().duration;
  if (e.cfg.eta.enabled) train_eta(e);
  if (e.cfg.location.enabled) setup_location(ctx);

  Net& net = ctx.net();
  const auto& hosts = ctx.hosts_with_role("navigation");
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    e.servers.push_back(
        net.register_service<NavigationProtocol>(fmt::format("navigation-{}", i), hosts[i]));
    spawn_service<NavigationProtocol>(net, e.servers.back(), [&net, &e, i] {
      return std::make_unique<NavigationServer>(net, e, int(i));
    });
  }

  std::vector<std::string> columns{"request_id", "source",    "target",         "algorithm",
                                   "rank",       "outcome",   "found",          "cost",
                                   "hops",       "nodes_expanded", "latency_s"};
  if (e.cfg.eta.enabled)
    for (const char* c : {"departure_h", "eta_s", "eta_baseline_s", "actual_s"}) columns.push_back(c);
  if (e.cfg.write_paths) columns.push_back("path");
  routes_csv_.open(ctx.recorder().output_path("routes.csv"), columns);
  ctx.recorder().on_request([this](const RequestRecord& r) { observe(r); });

  auto exp = e_;
  ctx.start_clients("client", [exp](std::uint64_t seq, std::uint64_t, RandomStream& rng) {
    const Experiment& x = *exp;
    const std::uint64_t n = x.graph->num_nodes();
    const auto source = storage::road_graph::NodeId(rng.below(n));
    auto target = storage::road_graph::NodeId(rng.below(n - 1));
    if (target >= source) ++target;  // distinct from the source, uniform over the others
    double hour = 0;
    if (x.cfg.eta.enabled) {
      if (x.cfg.eta.departures == "uniform") {
        hour = rng.uniform(0, 24);
      } else {  // rush: 2.5 h in the morning, 2.5 h in the evening, uniform over both
        const double u = rng.uniform(0, 5);
        hour = u < 2.5 ? 7.0 + u : 16.5 + (u - 2.5);
      }
    }
    return client_request(x.servers[seq % x.servers.size()],
                          RouteRequest{source, target, seq, hour});
  });
}

void MapsModel::observe(const RequestRecord& r) {
  if (r.op != RouteRequest::kName) return;
  const bool ok = r.outcome == "ok";
  if (ok && r.start >= warmup_) latency_.add(r.end - r.start);
  auto it = e_->answered.find(r.id);
  if (it == e_->answered.end()) return;  // never answered by a server: requests.csv has it
  const RouteOutcome& o = it->second;
  if (ok && r.start >= warmup_)
    ok_[r.id] = Answered{o.cost, o.hops, o.nodes_expanded, o.eta, o.baseline, o.actual};
  CsvWriter& w = routes_csv_;
  for (const RouteRow& row : o.rows) {
    w.field(static_cast<unsigned long long>(r.id));
    w.field(static_cast<unsigned long long>(o.source));
    w.field(static_cast<unsigned long long>(o.target));
    w.field(row.algorithm);
    w.field(row.rank);
    w.field(r.outcome);
    w.field(row.found ? 1 : 0);
    if (row.found)
      w.field(row.cost);
    else
      w.field(std::string_view());
    w.field(static_cast<unsigned long long>(row.hops));
    w.field(static_cast<unsigned long long>(row.nodes_expanded));
    w.field(round_ns(r.end - r.start));
    if (e_->cfg.eta.enabled) {
      w.field(o.departure_h);
      w.field(o.eta);
      w.field(o.baseline);
      w.field(o.actual);
    }
    if (e_->cfg.write_paths) {
      std::string path;
      for (auto v : row.path) path += (path.empty() ? "" : " ") + std::to_string(v);
      w.field(path);
    }
    w.end_row();
  }
  e_->answered.erase(it);
}

// Historical trips: random pairs, their A* routes, departures uniform over the day, the time
// each took on the traffic profile (its own noise stream); the model is fitted on them.
void MapsModel::train_eta(Experiment& e) {
  const EtaConfig& c = e.cfg.eta;
  e.traffic.peak[0] = c.peak_local;
  e.traffic.peak[1] = c.peak_arterial;
  e.traffic.peak[2] = c.peak_highway;
  e.traffic.noise = c.noise;
  RandomStream rng(e.seed, "maps/eta-history");
  storage::road_graph::ShortestPathSearch search(*e.graph);
  const std::uint64_t n = e.graph->num_nodes();
  std::vector<EtaFeatures> x;
  std::vector<double> y;
  for (long long i = 0; i < c.training_trips; ++i) {
    const auto s = storage::road_graph::NodeId(rng.below(n));
    auto t = storage::road_graph::NodeId(rng.below(n - 1));
    if (t >= s) ++t;
    const double hour = rng.uniform(0, 24);
    const auto route = search.astar(s, t, e.graph->free_flow_costs(), e.scale);
    if (!route.found) continue;
    x.push_back(eta_features(*e.graph, route.arcs, hour));
    y.push_back(e.traffic.actual_time(*e.graph, route.arcs, hour, rng));
  }
  if (x.empty()) return;  // no trip had a path: the model predicts 0
  e.eta = EtaModel::fit(x, y);
  e.eta_trips = x.size();
  double err = 0;
  for (std::size_t i = 0; i < x.size(); ++i) err += std::abs(e.eta.predict(x[i]) - y[i]);
  train_mae_ = err / double(x.size());
}

const ModelRegistration registration{[] { return std::make_unique<MapsModel>(); }};

}  // namespace sdsim::maps
