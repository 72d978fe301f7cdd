// The proximity model's registration: loads the businesses, builds the index, places the
// index servers, the LBS servers, the cache and the clients on the platform.
#include "models/proximity/model.hpp"

#include <fmt/format.h>

#include <set>

#include "models/proximity/services/index_server.hpp"
#include "models/proximity/services/lbs.hpp"
#include "sim/core/units.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::proximity {

namespace {
// Loads what the parameters name (businesses, queries, radii) into `e`; errors into `diags`.
void load_inputs(const ParamValues& p, Experiment& e, Diagnostics& diags, std::uint64_t seed) {
  const Config& c = e.cfg;
  if (c.businesses.source == "csv") {
    if (c.businesses.file == "none")
      diags.error(p.where("businesses.file"), "params.businesses.file",
                  "source csv needs a file (id,lat,lon)");
    else
      e.businesses =
          load_businesses_csv(resolve_path(c.businesses.file, p.where("businesses.file")), diags);
  } else {
    RandomStream rng(seed, "proximity/businesses");
    e.businesses = generate_businesses(c.businesses, rng);
  }
  if (c.queries.source == "csv") {
    if (c.queries.file == "none")
      diags.error(p.where("queries.file"), "params.queries.file",
                  "source csv needs a file (id,lat,lon,radius)");
    else
      e.query_file = load_queries_csv(resolve_path(c.queries.file, p.where("queries.file")), diags);
  } else {
    e.radii = parse_radii(c.queries.radii, p.where("queries.radii"), "params.queries.radii", diags);
  }
}

std::vector<double> radii_searched(const Experiment& e) {
  if (e.query_file.empty()) return e.radii;
  std::set<double> r;
  for (const Query& q : e.query_file) r.insert(q.radius_m);
  return {r.begin(), r.end()};
}
}  // namespace

std::string ProximityModel::summary() const {
  return "proximity service: geohash, quadtree and grid indexes behind a read-heavy search, recall "
         "vs brute force";
}

std::string ProximityModel::description() const {
  return R"(Businesses (generated uniform or clustered around cities, or params.businesses.file,
a CSV id,lat,lon) are indexed by params.index.kind: a uniform grid, the book's geohash table
(rows (geohash, business id) per stored precision), a quadtree split while a node holds more
than leaf_capacity businesses, or nothing (brute force). Clients (role 'client') send
search(lat, lon, radius) to the location-based-service servers (role 'lbs') in turn (the load
balancer); an LBS asks a read replica of the geo index database (role 'index': index-0 is the
primary, index-1.. the read replicas) and returns the businesses within the radius by
haversine distance (R = 6371 km), nearest first, at most queries.page_size. With
cache.enabled (geohash only) the LBS reads each cell of the search from a Redis server (role
'cache') and the replicas only on a miss. Every index server builds its index at start-up,
charged as CPU (cost.per_build_step per point placed): a restarted server serves nothing until
rebuilt; a replica that does not answer in replica_timeout is skipped and the next one asked.
With update_rate > 0 the business service moves businesses on the primary; a read replica
sees a write replication_lag later: stale_results counts checked searches missing a write
the primary had, stale.age.max the oldest such write's age (at most the lag).

Geohash completeness: the book's block (the query's cell and its 8 neighbours at the book's
precision for the radius) misses businesses when the circle is higher than a cell (20 km at
precision 4: 19.5 km cells) or, at high latitude, wider (cells narrow as cos(latitude)):
index.geohash_search: neighbours shows it, cell (no neighbours) shows the edge failure.
The default, cover, reads every cell of that precision meeting the circle's bounding
rectangles (latitude +- r/R, longitude +- asin(sin(r/R)/cos(lat)), whole longitudes around a
pole, split at the 180th meridian): a business within the radius lies in one of them, so the
result is exactly brute force's at every latitude and radius.

Every check_every-th search is compared with brute force (recall, precision). Outputs:
queries.csv, one row per search an LBS answered: query_id, lat (deg), lon (deg), radius_m (m),
outcome (the client's: ok, timeout, unavailable), results (within the radius), returned (after
the page cap), cells_visited (cells, or quadtree nodes), points_compared, cache_hits,
cache_misses, index_server (host index in index-*, -1 none), recall and precision (empty when
not checked), latency_s (s, at the client). results.csv (write_results): query_id,
business_id, distance_m (m), rank (0 = nearest). index.csv (geohash): geohash, precision,
business_id, one row per stored row of the table.)";
}

std::vector<RoleRequest> ProximityModel::roles(const ParamValues& p,
                                               const WorkloadSpec& load) const {
  const Config c = proximity::params().read(p);
  std::vector<RoleRequest> r{{"index", 1 + c.read_replicas}, {"lbs", c.lbs_servers}};
  if (c.cache.enabled) r.push_back({"cache", 1});
  r.push_back({"client", load.clients});
  return r;
}

std::string ProximityModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  const Config c = proximity::params().read(p);
  const int hosts = 1 + c.read_replicas + c.lbs_servers + (c.cache.enabled ? 1 : 0) + load.clients;
  return diskless_rack_platform(hosts, c.index_workers);
}

void ProximityModel::check(const ParamValues& p, const WorkloadSpec&, Diagnostics& diags) const {
  Experiment e;
  e.cfg = proximity::params().read(p);
  if (e.cfg.cache.enabled && e.cfg.index.kind != "geohash")
    diags.error(p.where("cache.enabled"), "params.cache.enabled",
                fmt::format("the cache holds geohash cells: it needs index.kind geohash, not {}",
                            e.cfg.index.kind));
  if (e.cfg.cache.enabled && e.cfg.update_rate > 0)
    diags.error(
        p.where("update_rate"), "params.update_rate",
        "the cell cache is not invalidated by updates: use update_rate with cache.enabled false");
  // The generated data are made again in setup; here only the files and the radii are read.
  e.cfg.businesses.count = 0;
  load_inputs(p, e, diags, 0);
}

void ProximityModel::setup(RunContext& ctx) {
  e_ = std::make_shared<Experiment>();
  Experiment& e = *e_;
  e.cfg = proximity::params().read(ctx.params());
  Diagnostics diags;
  load_inputs(ctx.params(), e, diags, ctx.seed());
  if (!diags.ok()) throw InputError(diags);
  e.index = std::make_unique<SpatialIndex>(e.businesses, e.cfg.index, radii_searched(e));
  warmup_ = ctx.workload().warmup;

  Net& net = ctx.net();
  const auto& index_hosts = ctx.hosts_with_role("index");
  e.host_speed = ctx.host(index_hosts.front())->get_speed();
  e.served.assign(index_hosts.size(), 0);
  e.builds.assign(index_hosts.size(), 0);
  for (std::size_t i = 0; i < index_hosts.size(); ++i) {
    e.index_servers.push_back(
        net.register_service<IndexProtocol>(fmt::format("index-db-{}", i), index_hosts[i]));
    spawn_service<IndexProtocol>(net, e.index_servers.back(), [&net, &e, i] {
      return std::make_unique<IndexServer>(net, e, int(i));
    });
  }
  if (e.cfg.update_rate > 0) {
    // The business service's writes: a business moves (0.5 km s.d. each way), Poisson in
    // time, until the load ends; the primary has them at once (nature: no fault stops them).
    auto exp = e_;
    const double end = ctx.timeline().load_end();
    ctx.timeline().spawn_nature("business-service", [exp, end, seed = ctx.seed()] {
      RandomStream rng(seed, "proximity/updates");
      while (true) {
        simgrid::s4u::this_actor::sleep_for(rng.exponential(1.0 / exp->cfg.update_rate));
        const double now = simgrid::s4u::Engine::get_clock();
        if (now >= end) return;
        const Point& b = exp->businesses[rng.below(exp->businesses.size())];
        exp->updates.push_back(BusinessUpdate{b.id, jitter(b.pos, 0.5, rng), now});
      }
    });
  }
  if (e.cfg.cache.enabled) {
    e.cache = std::make_unique<redis_service::RedisServer>(
        ctx, "cache", ctx.hosts_with_role("cache").front(), e.cfg.cache.redis);
    e.cache->start();
  }
  const auto& lbs_hosts = ctx.hosts_with_role("lbs");
  for (std::size_t i = 0; i < lbs_hosts.size(); ++i) {
    e.lbs.push_back(
        net.register_service<LbsProtocol>(fmt::format("lbs-service-{}", i), lbs_hosts[i]));
    spawn_service<LbsProtocol>(
        net, e.lbs.back(), [&net, &e, i] { return std::make_unique<LbsServer>(net, e, int(i)); });
  }

  queries_csv_.open(ctx.recorder().output_path("queries.csv"),
                    {"query_id", "lat", "lon", "radius_m", "outcome", "results", "returned",
                     "cells_visited", "points_compared", "cache_hits", "cache_misses",
                     "index_server", "recall", "precision", "latency_s"});
  if (e.cfg.write_results)
    results_csv_.open(ctx.recorder().output_path("results.csv"),
                      {"query_id", "business_id", "distance_m", "rank"});
  if (e.index->geohash()) write_index_csv(ctx.recorder().output_path("index.csv"));
  ctx.recorder().on_request([this](const RequestRecord& r) { observe(r); });

  const std::uint64_t keys = std::max<std::uint64_t>(1, ctx.workload().keys.count);
  auto exp = e_;
  ctx.start_clients("client", [exp, keys](std::uint64_t seq, std::uint64_t key, RandomStream& rng) {
    const Experiment& x = *exp;
    Query q;
    if (!x.query_file.empty()) {
      q = x.query_file[seq % x.query_file.size()];
      q.id = seq;  // the file's id is its row; seq numbers each search made
    } else {
      // The key picks the business a search is made near (workload.keys: its popularity).
      const Point& b = x.businesses[std::size_t(key % keys * x.businesses.size() / keys)];
      q = Query{seq, jitter(b.pos, x.cfg.queries.jitter_km, rng),
                x.radii[rng.below(x.radii.size())]};
    }
    // The load balancer: searches go to the LBS servers in turn.
    return client_request(x.lbs[seq % x.lbs.size()],
                          Search{q.id, q.pos.lat, q.pos.lon, q.radius_m});
  });
}

void ProximityModel::write_index_csv(const std::string& path) const {
  CsvWriter w(path, {"geohash", "precision", "business_id"});
  const auto& g = *e_->index->geohash();
  for (int p : g.precisions())
    for (const auto& [hash, ids] : g.rows(p))
      for (std::uint32_t i : ids) {
        w.field(hash);
        w.field(p);
        w.field(static_cast<unsigned long long>(e_->businesses[i].id));
        w.end_row();
      }
  w.close();
}

void ProximityModel::observe(const RequestRecord& r) {
  if (r.op != Search::kName) return;
  auto it = e_->answered.find(r.id);
  const bool ok = r.outcome == "ok";
  if (ok && r.start >= warmup_) {
    latency_.add(r.end - r.start);
    ++ok_;
    last_ok_ = std::max(last_ok_, r.end);
  }
  if (it == e_->answered.end()) return;  // never answered by an LBS: requests.csv has it
  const SearchOutcome& o = it->second;
  if (ok && r.start >= warmup_) {
    ++searches_;
    cells_sum_ += double(o.work.cells_visited);
    points_sum_ += double(o.work.points_compared);
    results_sum_ += double(o.total);
  }
  CsvWriter& w = queries_csv_;
  w.field(static_cast<unsigned long long>(o.query.id));
  w.field(o.query.pos.lat);
  w.field(o.query.pos.lon);
  w.field(o.query.radius_m);
  w.field(r.outcome);
  w.field(static_cast<unsigned long long>(o.total));
  w.field(static_cast<unsigned long long>(o.returned));
  w.field(static_cast<unsigned long long>(o.work.cells_visited));
  w.field(static_cast<unsigned long long>(o.work.points_compared));
  w.field(static_cast<unsigned long long>(o.cache_hits));
  w.field(static_cast<unsigned long long>(o.cache_misses));
  w.field(o.index_server);
  if (o.accuracy) {
    w.field(o.accuracy->recall);
    w.field(o.accuracy->precision);
  } else {
    w.field(std::string_view());
    w.field(std::string_view());
  }
  w.field(round_ns(r.end - r.start));
  w.end_row();
  if (results_csv_.is_open())
    for (std::size_t k = 0; k < o.page.size(); ++k) {
      results_csv_.field(static_cast<unsigned long long>(o.query.id));
      results_csv_.field(static_cast<unsigned long long>(o.page[k].id));
      results_csv_.field(o.page[k].distance_m);
      results_csv_.field(static_cast<unsigned long long>(k));
      results_csv_.end_row();
    }
  e_->answered.erase(it);
}

const ModelRegistration registration{[] { return std::make_unique<ProximityModel>(); }};

}  // namespace sdsim::proximity
