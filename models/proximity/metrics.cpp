// The proximity model's metric table and its end-of-run accounting.
#include <algorithm>

#include "models/proximity/model.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::proximity {

namespace {
bool kind_is(const RunShape& s, const char* kind) { return s.params.text("index.kind") == kind; }
}  // namespace

MetricTable ProximityModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("search.latency.p50", "s",
        "median search latency at the client (successful searches after warm-up)",
        v(&Results::latency_p50))
      .add("search.latency.p99", "s", "99th percentile search latency at the client",
           v(&Results::latency_p99))
      .add("search.qps", "1/s", "successful searches per second after warm-up", v(&Results::qps))
      .add("search.unavailable", "", "searches no index server answered (refused to the client)",
           v(&Results::unavailable))
      .add("recall.mean", "",
           "mean over checked searches of |returned AND brute force| / |brute force|",
           v(&Results::recall_mean))
      .add("recall.min", "", "lowest recall of a checked search", v(&Results::recall_min))
      .add("precision.mean", "",
           "mean over checked searches of |returned AND brute force| / |returned|",
           v(&Results::precision_mean))
      .add("precision.min", "", "lowest precision of a checked search", v(&Results::precision_min))
      .add("searches.checked", "", "searches compared with brute force", v(&Results::checked))
      .add("cells_visited.mean", "", "cells (grid, geohash) or quadtree nodes visited per search",
           v(&Results::cells_mean))
      .add("points_compared.mean", "", "distances computed per search", v(&Results::points_mean))
      .add("results.mean", "", "businesses within the radius per search (before the page cap)",
           v(&Results::results_mean))
      .add("businesses", "", "businesses indexed", v(&Results::businesses))
      .add("index.memory_bytes", "B",
           "the index's memory (geohash: rows x (precision + 8 B); quadtree: the book's 32 B + 8 B "
           "per id per "
           "leaf, 64 B per internal node; grid: 8 B per id + 32 B per used cell; brute: 0)",
           v(&Results::memory))
      .add("index.build_time", "s", "the first build of index-0, on the simulated CPU",
           v(&Results::build_time))
      .add("index.build_steps", "", "points placed to build the index", v(&Results::build_steps))
      .add("index.builds", "", "index builds over all index servers (one per start)",
           v(&Results::builds))
      .add("index.served.max", "", "most requests served by one read replica",
           v(&Results::served_max))
      .add("index.served.min", "", "fewest requests served by one read replica",
           v(&Results::served_min))
      .add("index.failovers", "",
           "index calls unanswered within replica_timeout (the LBS asked another)",
           v(&Results::failovers))
      .add_if(
          "geohash.rows", "", "rows (geohash, business id) over the stored precisions",
          "index.kind geohash", [](const RunShape& s) { return kind_is(s, "geohash"); },
          v(&Results::rows))
      .add_if(
          "quadtree.leaves", "", "leaves of the quadtree", "index.kind quadtree",
          [](const RunShape& s) { return kind_is(s, "quadtree"); }, v(&Results::leaves))
      .add_if(
          "quadtree.internal", "", "internal nodes (leaves = 3 x internal + 1)",
          "index.kind quadtree", [](const RunShape& s) { return kind_is(s, "quadtree"); },
          v(&Results::internal))
      .add_if(
          "quadtree.depth", "", "depth of the deepest leaf (root 0)", "index.kind quadtree",
          [](const RunShape& s) { return kind_is(s, "quadtree"); }, v(&Results::depth))
      .add_if(
          "grid.cell_load.max", "", "businesses in the fullest cell", "index.kind grid",
          [](const RunShape& s) { return kind_is(s, "grid"); }, v(&Results::grid_max))
      .add_if(
          "grid.cell_load.mean", "", "businesses per used cell", "index.kind grid",
          [](const RunShape& s) { return kind_is(s, "grid"); }, v(&Results::grid_mean))
      .add_if(
          "grid.cells_used", "", "cells holding at least one business", "index.kind grid",
          [](const RunShape& s) { return kind_is(s, "grid"); }, v(&Results::grid_cells))
      .add_if(
          "cache.hit_ratio", "", "cell reads served by the cache / cell reads", "cache.enabled",
          [](const RunShape& s) { return s.params.flag("cache.enabled"); }, v(&Results::hit_ratio))
      .add_if(
          "cache.lookups", "", "cell reads from the cache", "cache.enabled",
          [](const RunShape& s) { return s.params.flag("cache.enabled"); },
          v(&Results::cache_lookups))
      .add("stale_results", "",
           "checked searches missing a business update the primary already had", v(&Results::stale))
      .add("stale.age.max", "s",
           "oldest such update's age when the search read (bounded by replication_lag)",
           v(&Results::stale_age))
      .add("updates", "", "business updates written", v(&Results::updates))
      .add("estimate.search_qps", "1/s",
           "the book's: scale.daily_active_users x scale.searches_per_user / 10^5 s",
           v(&Results::estimate_qps))
      .add("estimate.quadtree.memory_bytes", "B",
           "the book's quadtree for scale.businesses: leaves = n / leaf_capacity, each 32 B + 8 B "
           "x capacity, "
           "internal = leaves / 3 at 64 B (1.71 GB for 200 M)",
           v(&Results::estimate_quadtree));
  return t;
}

void ProximityModel::finish(RunContext&) {
  const Experiment& e = *e_;
  Results& r = results_;
  r.latency_p50 = latency_.quantile(0.5);
  r.latency_p99 = latency_.quantile(0.99);
  r.qps = last_ok_ > warmup_ ? double(ok_) / (last_ok_ - warmup_) : 0.0;
  r.unavailable = double(e.unavailable);
  r.checked = double(e.checked);
  if (e.checked) {
    r.recall_mean = e.recall_sum / double(e.checked);
    r.precision_mean = e.precision_sum / double(e.checked);
  }
  r.recall_min = e.recall_min;
  r.precision_min = e.precision_min;
  if (searches_) {
    r.cells_mean = cells_sum_ / double(searches_);
    r.points_mean = points_sum_ / double(searches_);
    r.results_mean = results_sum_ / double(searches_);
  }
  r.businesses = double(e.businesses.size());
  r.memory = double(e.index->memory_bytes());
  r.build_time = std::max(0.0, e.first_build_time);
  r.build_steps = double(e.index->build_steps());
  for (int b : e.builds) r.builds += b;
  // Replicas: index servers 1.. (or the primary alone when there are none).
  const std::size_t first = e.cfg.read_replicas > 0 ? 1 : 0;
  r.served_max = double(*std::max_element(e.served.begin() + long(first), e.served.end()));
  r.served_min = double(*std::min_element(e.served.begin() + long(first), e.served.end()));
  r.failovers = double(e.failovers);
  r.stale = double(e.stale);
  r.stale_age = e.stale_age_max;
  r.updates = double(e.updates.size());
  if (const auto* g = e.index->geohash()) r.rows = double(g->rows_count());
  if (const auto* q = e.index->quadtree()) {
    r.leaves = double(q->leaves());
    r.internal = double(q->internal_nodes());
    r.depth = q->depth();
  }
  if (const auto* g = e.index->grid()) {
    r.grid_max = double(g->max_load());
    r.grid_mean = g->mean_load();
    r.grid_cells = double(g->cells_used());
  }
  const double lookups = double(e.cache_hits + e.cache_misses);
  r.cache_lookups = lookups;
  r.hit_ratio = lookups > 0 ? double(e.cache_hits) / lookups : 0.0;
  r.estimate_qps =
      estimate_search_qps(e.cfg.scale.daily_active_users, e.cfg.scale.searches_per_user);
  r.estimate_quadtree = estimate_quadtree_bytes(e.cfg.scale.businesses, e.cfg.index.leaf_capacity);
  queries_csv_.close();
  if (results_csv_.is_open()) results_csv_.close();
}

}  // namespace sdsim::proximity
