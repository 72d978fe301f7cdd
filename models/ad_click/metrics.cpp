// The ad-click model's metric table, its end-of-run accounting (the reconciliation job) and its
// per-entity outputs.
#include <algorithm>

#include "models/ad_click/model.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::ad_click {

MetricTable AdClickModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("clicks.generated", "", "click events generated (distinct event ids)",
        v(&Results::generated))
      .add("clicks.late_generated", "",
           "of those, generated with a late delay (clicks.delay.late_*)",
           v(&Results::late_generated))
      .add("clicks.resent", "", "extra deliveries of an event id by its client",
           v(&Results::resent))
      .add("clicks.ingested", "",
           "distinct events the click log acknowledged: the raw data the recount counts",
           v(&Results::ingested))
      .add("clicks.late_dropped", "",
           "distinct events dropped as late (their window closed before they came) and in no "
           "stored count",
           v(&Results::late_dropped))
      .add("duplicates.counted", "",
           "events counted more than once in the stored counts (filter 0)", v(&Results::duplicates))
      .add("counts.exact_windows_fraction", "",
           "(ad, window) pairs (filter 0) whose stored count equals the batch recount, over all "
           "pairs in either",
           v(&Results::exact_fraction))
      .add("counts.abs_error.sum", "",
           "sum over (ad, window) pairs (filter 0) of |stored - recount|", v(&Results::abs_error))
      .add("reconciliation.mismatches", "",
           "(ad, window, filter) triples where the stored count differs from the recount (rows of "
           "reconciliation.csv)",
           v(&Results::mismatches))
      .add("topn.correct_fraction", "",
           "windows whose stream top N (merged by the reduce step) equals the recount's (ties by "
           "ad id); 1 when none",
           v(&Results::topn_correct))
      .add("topn.windows", "", "windows the recount has a top N for", v(&Results::topn_windows))
      .add("aggregation.latency.p50", "s",
           "median of event time -> first stored count, over counted clicks",
           v(&Results::latency_p50))
      .add("aggregation.latency.p99", "s", "99th percentile of event time -> first stored count",
           v(&Results::latency_p99))
      .add("aggregator.recovery_time", "s",
           "longest time from an aggregate node's crash until its replay is back where it was (0: "
           "no crash)",
           v(&Results::recovery))
      .add("aggregator.restarts", "", "aggregate node restarts", v(&Results::restarts))
      .add("aggregator.clicks_read.max", "",
           "click records read by the busiest node (replays included)",
           v(&Results::node_clicks_max))
      .add("aggregator.clicks_read.mean", "", "click records read per node",
           v(&Results::node_clicks_mean))
      .add("aggregator.busy.max", "s",
           "time the busiest node spent processing clicks (aggregation.cpu_per_click each, replays "
           "included)",
           v(&Results::node_busy_max))
      .add("aggregator.lag.max", "s",
           "the longest a click record waited between reaching the log and its node reading it (a "
           "node behind its "
           "load falls further behind)",
           v(&Results::node_lag_max))
      .add("aggregator.snapshots", "", "window-state snapshots stored (exactly_once)",
           v(&Results::snapshots))
      .add("store.writes", "", "rows and snapshots written to the KV store", v(&Results::writes))
      .add("estimate.qps.mean", "1/s",
           "the book's mean click rate: daily_active_users x clicks_per_user / 86400 s",
           v(&Results::qps_mean))
      .add("estimate.qps.peak", "1/s", "estimate.qps.mean x peak_factor", v(&Results::qps_peak))
      .add("estimate.storage.per_day", "B",
           "raw clicks stored a day: clicks a day x estimate.click_size", v(&Results::storage_day))
      .add("estimate.storage.per_month", "B", "estimate.storage.per_day x 30",
           v(&Results::storage_month));
  return t;
}

void AdClickModel::finish(RunContext& ctx) {
  const Experiment& x = *x_;
  const Config& c = x.cfg;
  Results& r = results_;
  std::vector<bool> ingested(x.clicks.events.size(), false);
  for (std::size_t id = 0; id < x.clicks.deliveries.size(); ++id)
    if (x.appended[id] && !x.clicks.deliveries[id].end_marker)
      ingested[x.clicks.deliveries[id].event] = true;
  const Counts batch =
      recount(x.clicks.events, ingested, c.windows.size, c.clicks.filter_countries);
  const Counts stream = stream_counts(x.rows);
  const Reconciliation rec = reconcile(stream, batch);
  r.generated = double(x.clicks.events.size());
  r.late_generated = double(x.clicks.late);
  r.resent = double(x.clicks.resends);
  r.ingested = double(std::count(ingested.begin(), ingested.end(), true));
  r.late_dropped = 0;
  for (std::uint64_t e : x.late_side_output)
    if (!x.stored[e]) ++r.late_dropped;
  r.duplicates = double(duplicates_counted(x.rows));
  r.exact_fraction = rec.windows ? double(rec.exact_windows) / double(rec.windows) : 1.0;
  r.abs_error = double(rec.abs_error);
  r.mismatches = double(rec.mismatches.size());
  std::set<std::int64_t> windows;
  for (const auto& [k, n] : batch) windows.insert(std::get<0>(k));
  std::uint64_t correct = 0;
  for (std::int64_t w : windows) {
    std::vector<std::vector<Ranked>> lists;
    if (auto it = x.node_tops.find(w); it != x.node_tops.end())
      for (const auto& [node, list] : it->second) lists.push_back(list);
    if (merge_top_n(lists, c.windows.top) ==
        recount_top_n(batch, w, c.windows.top_windows, c.windows.top))
      ++correct;
  }
  r.topn_windows = double(windows.size());
  r.topn_correct = windows.empty() ? 1.0 : double(correct) / double(windows.size());
  r.latency_p50 = x.latency.quantile(0.5);
  r.latency_p99 = x.latency.quantile(0.99);
  r.recovery = x.recovery_time;
  for (const NodeRecord& n : x.nodes) {
    r.restarts += double(n.restarts);
    r.snapshots += double(n.snapshots);
    r.node_clicks_max = std::max(r.node_clicks_max, double(n.clicks_read));
    r.node_busy_max = std::max(r.node_busy_max, n.busy);
    r.node_lag_max = std::max(r.node_lag_max, n.lag);
    r.node_clicks_mean += double(n.clicks_read) / double(x.nodes.size());
  }
  r.writes = double(x.writes);
  const double per_day = c.estimate.daily_active_users * c.estimate.clicks_per_user;
  r.qps_mean = per_day / 86400.0;
  r.qps_peak = r.qps_mean * c.estimate.peak_factor;
  r.storage_day = per_day * c.estimate.click_size;
  r.storage_month = r.storage_day * 30;
  write_outputs(ctx, stream, batch, rec);
}

void AdClickModel::write_outputs(RunContext& ctx, const Counts& stream, const Counts& batch,
                                 const Reconciliation& rec) {
  const Experiment& x = *x_;
  const Config& c = x.cfg;
  const double size = c.windows.size;
  CsvWriter& agg = ctx.recorder().table(
      "aggregates.csv", {"ad_id", "window_start", "window_end", "filter_id", "count", "recount"});
  for (const auto& [k, n] : stream) {
    const auto [w, ad, filter] = k;
    agg.field(ad);
    agg.field(double(w) * size);
    agg.field(double(w + 1) * size);
    agg.field(filter);
    agg.field(static_cast<unsigned long long>(n));
    agg.field(static_cast<unsigned long long>(batch.count(k) ? batch.at(k) : 0));
    agg.end_row();
  }
  CsvWriter& top = ctx.recorder().table(
      "topn.csv", {"window_end", "rank", "ad_id", "count", "recount_ad_id", "recount_count"});
  for (const auto& [w, by_node] : x.node_tops) {
    std::vector<std::vector<Ranked>> lists;
    for (const auto& [node, list] : by_node) lists.push_back(list);
    const auto mine = merge_top_n(lists, c.windows.top);
    const auto truth = recount_top_n(batch, w, c.windows.top_windows, c.windows.top);
    for (std::size_t i = 0; i < std::max(mine.size(), truth.size()); ++i) {
      top.field(double(w + 1) * size);
      top.field(int(i + 1));
      if (i < mine.size()) {
        top.field(mine[i].ad);
        top.field(static_cast<unsigned long long>(mine[i].count));
      } else {
        top.field(std::string_view());
        top.field(std::string_view());
      }
      if (i < truth.size()) {
        top.field(truth[i].ad);
        top.field(static_cast<unsigned long long>(truth[i].count));
      } else {
        top.field(std::string_view());
        top.field(std::string_view());
      }
      top.end_row();
    }
  }
  CsvWriter& diff = ctx.recorder().table(
      "reconciliation.csv",
      {"ad_id", "window_start", "filter_id", "stream", "recount", "difference"});
  for (const Mismatch& m : rec.mismatches) {
    const auto [w, ad, filter] = m.key;
    diff.field(ad);
    diff.field(double(w) * size);
    diff.field(filter);
    diff.field(static_cast<long long>(m.stream));
    diff.field(static_cast<long long>(m.recount));
    diff.field(static_cast<long long>(m.stream - m.recount));
    diff.end_row();
  }
}

}  // namespace sdsim::ad_click
