// The metrics monitoring model's metric table and end-of-run accounting (the checkers'
// verdicts, the store's bytes).
#include <algorithm>
#include <cmath>

#include "models/metrics_monitoring/model.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

bool pull(const RunShape& s) {
  return metrics_monitoring::params().read(s.params).collection == Collection::Pull;
}
bool push(const RunShape& s) { return !pull(s); }

}  // namespace

MetricTable MetricsMonitoringModel::metric_table() const {
  const Results& r = r_;
  const std::unique_ptr<Experiment>& x = x_;
  auto counter = [&x](std::uint64_t Counters::*field) {
    return [&x, field] { return double(x->counters.*field); };
  };
  auto book_series = [this] {
    return cfg_.scale.pools * cfg_.scale.machines_per_pool * cfg_.scale.metrics_per_machine;
  };
  MetricTable t;
  t.add("ingest.points_taken", "",
        "distinct samples that entered the pipeline (scraped, or sampled by an agent)",
        [&r] { return double(r.points.taken); })
      .add("ingest.points_stored", "", "distinct samples the store holds at the end",
           [&r] { return double(r.points.stored); })
      .add("ingest.points_lost", "",
           "samples taken in and not in the store at the end (younger than raw_retention)",
           [&r] { return double(r.points.lost); })
      .add("storage.points_expired", "",
           "samples taken in and gone at the end, older than raw_retention",
           [&r] { return double(r.points.expired); })
      .add("ingest.points_lost_fraction", "", "ingest.points_lost / ingest.points_taken",
           [&r] { return r.points.taken ? double(r.points.lost) / double(r.points.taken) : 0.0; })
      .add("ingest.points_duplicated", "",
           "stored copies of a sample beyond the first (at-least-once retries)",
           [&r] { return double(r.points.duplicated); })
      .add("ingest.points_rejected", "", "samples the store refused as out of order",
           counter(&Counters::points_rejected))
      .add("ingest.points_per_s", "1/s", "ingest.points_stored / workload.duration",
           [&r] { return r.duration > 0 ? double(r.points.stored) / r.duration : 0.0; })
      .add("store.unexpected_points", "", "invariant: stored samples nobody took in (must be 0)",
           [&r] { return double(r.points.unexpected); })
      .add("produce.failed_points", "", "samples in records the log refused (delivery time-out)",
           counter(&Counters::produce_failed))
      .add("queue.lag.max", "",
           "largest sampled number of records in the log not yet committed by the ingester",
           [&x] { return x->counters.max_queue_lag; })
      .add_if("scrape.count", "", "scrapes made", "collection: pull", pull,
              counter(&Counters::scrapes))
      .add_if("scrape.failed", "", "scrapes without answer within scrape_timeout (up = 0)",
              "collection: pull", pull, counter(&Counters::scrapes_failed))
      .add_if("scrape.rounds_missed", "",
              "(target, scrape time) pairs of the load nobody scraped (a dead collector's targets "
              "before they move)",
              "collection: pull", pull, [&r] { return r.scrape_rounds_missed; })
      .add_if("push.batches", "", "pushes made by agents", "collection: push", push,
              counter(&Counters::pushes))
      .add_if("push.failed", "", "pushes lost (udp) or not acknowledged (reliable)",
              "collection: push", push, counter(&Counters::pushes_failed))
      .add_if("push.agent_dropped", "", "samples a full agent buffer refused", "collection: push",
              push, counter(&Counters::agent_dropped))
      .add_if("push.udp_lost", "", "samples in udp datagrams the network lost", "collection: push",
              push, counter(&Counters::udp_lost))
      .add_if("alert.firings", "", "alerts that fired", "collection: pull", pull,
              [&r] { return r.firings; })
      .add_if("alert.resolved", "", "firing alerts that resolved", "collection: pull", pull,
              [&r] { return r.resolved; })
      .add_if("alert.faults", "", "target crashes in the run", "collection: pull", pull,
              [&r] { return double(r.alerts.faults); })
      .add_if("alert.faults_long", "",
              "target crashes longer than for + scrape_interval + scrape_timeout + "
              "evaluation_interval + 30 s "
              "(each must fire once)",
              "collection: pull", pull, [&r] { return double(r.alerts.long_faults); })
      .add_if("alert.missed", "", "long crashes that fired no alert", "collection: pull", pull,
              [&r] { return double(r.alerts.missed); })
      .add_if("alert.false_positives", "",
              "firings no crash explains, or a second firing for one crash", "collection: pull",
              pull, [&r] { return double(r.alerts.false_positives); })
      .add_if("alert.detection_delay.p50", "s", "crash -> firing, median", "collection: pull", pull,
              [&r] { return r.alerts.detection_delay.quantile(0.5); })
      .add_if("alert.detection_delay.max", "s", "crash -> firing, maximum", "collection: pull",
              pull, [&r] { return r.alerts.detection_delay.max(); })
      .add_if("alert.pending_to_firing.min", "s",
              "pending -> firing, shortest (never below alert.for)", "collection: pull", pull,
              [&r] { return r.pending_to_firing_min; })
      .add_if("alert.pending_to_firing.max", "s", "pending -> firing, longest", "collection: pull",
              pull, [&r] { return r.pending_to_firing_max; })
      .add_if("alert.off_grid.max", "s",
              "largest distance of a transition from the evaluation grid k * interval + offset "
              "(must be 0)",
              "collection: pull", pull, [&r] { return r.firing_off_grid_max; })
      .add_if("alert.evaluations_failed", "",
              "evaluations whose query failed (alerts kept as they were)", "collection: pull", pull,
              counter(&Counters::evaluations_failed))
      .add("query.count", "", "panel queries the frontend answered or tried",
           counter(&Counters::queries))
      .add("query.cache_hits", "", "of query.count, answered from the query cache",
           counter(&Counters::cache_hits))
      .add("query.latency.p50", "s", "panel latency at the dashboard, median",
           [&x] { return x->query_latency.quantile(0.5); })
      .add("query.latency.p99", "s", "panel latency at the dashboard, 99th percentile",
           [&x] { return x->query_latency.quantile(0.99); })
      .add("query.points_read", "", "raw points the store decoded for panels",
           counter(&Counters::points_read))
      .add("query.windows_read", "", "rollup windows the store read for panels",
           counter(&Counters::windows_read))
      .add("query.read_per_query", "", "(query.points_read + query.windows_read) / store queries",
           [&x] {
             const double q = double(x->counters.queries - x->counters.cache_hits);
             return q > 0 ? double(x->counters.points_read + x->counters.windows_read) / q : 0.0;
           })
      .add("rollup.windows_checked", "",
           "rollup windows (both tiers) recomputed from the raw points",
           [&r] { return r.rollup_windows; })
      .add("rollup.mismatches", "",
           "rollup windows differing from their raw points' aggregation (must be 0)",
           [&r] { return r.rollup_mismatches; })
      .add("storage.bytes.hot", "B", "Gorilla-encoded bytes in the hot tier at the end",
           [&r] { return r.hot_bytes; })
      .add("storage.bytes.cold", "B", "Gorilla-encoded bytes in the cold tier at the end",
           [&r] { return r.cold_bytes; })
      .add("storage.bytes_per_point", "B", "encoded bytes per stored raw point (raw: 16 B)",
           [&r] { return r.bytes_per_point; })
      .add("storage.points", "", "raw points stored at the end", [&r] { return r.stored_points; })
      .add("estimate.series", "",
           "the book's metric count: scale.pools * machines_per_pool * metrics_per_machine",
           [book_series] { return book_series(); })
      .add("estimate.points_per_s", "1/s",
           "the book's write rate: estimate.series / scrape_interval",
           [this, book_series] { return book_series() / cfg_.scrape_interval; })
      .add("estimate.storage_bytes_per_day", "B",
           "estimate.points_per_s * 86400 s * storage.bytes_per_point (this run's compression)",
           [this, &r, book_series] {
             return book_series() / cfg_.scrape_interval * 86400 * r.bytes_per_point;
           })
      .add("estimate.fleet.points_per_s", "1/s",
           "this run's fleet: targets * (series_per_target + up) / interval (compare "
           "ingest.points_per_s)",
           [this] {
             const double interval =
                 cfg_.collection == Collection::Pull ? cfg_.scrape_interval : cfg_.push.interval;
             const int up = cfg_.collection == Collection::Pull ? 1 : 0;
             return cfg_.targets * double(cfg_.series_per_target + up) / interval;
           });
  return t;
}

// Every stored rollup window of every gauge, against the same window recomputed from the raw
// points the store still holds (windows whose raw points are gone are not checked).
void MetricsMonitoringModel::check_rollups(const Experiment& x, double end) {
  const auto& store = x.tsdb->store();
  using storage::timeseries::Aggregation;
  auto differs = [](double a, double b) {
    return std::abs(a - b) > 1e-12 * std::max(1.0, std::abs(b));
  };
  for (const auto& gauges : x.gauge_series)
    for (std::uint32_t s : gauges) {
      std::vector<std::pair<double, double>> raw;
      for (const auto& p : store.query_raw(x.series[s], 0, end + 1).points)
        raw.emplace_back(p.timestamp_s, p.value);
      // Retention drops raw blocks whole: windows starting before the first raw point left
      // (when some were dropped) are partly gone and not checked.
      const auto& taken = x.taken[s];
      const double first_taken = taken.empty() ? 0 : *std::min_element(taken.begin(), taken.end());
      const double complete_from =
          !raw.empty() && raw.front().first > first_taken ? raw.front().first : 0;
      for (const double interval :
           {x.cfg.tsdb.rollup_fine_interval, x.cfg.tsdb.rollup_coarse_interval}) {
        std::map<double, RawWindow> expected;
        for (const RawWindow& w : windows_from_raw(raw, interval)) expected[w.start] = w;
        const auto avg =
            store.query_rollup(x.series[s], interval, Aggregation::avg, 0, end + 1).windows;
        const auto mn =
            store.query_rollup(x.series[s], interval, Aggregation::min, 0, end + 1).windows;
        const auto mx =
            store.query_rollup(x.series[s], interval, Aggregation::max, 0, end + 1).windows;
        for (std::size_t i = 0; i < avg.size(); ++i) {
          auto it = expected.find(avg[i].start_s);
          if (it == expected.end()) continue;    // raw points gone (retention)
          if (avg[i].start_s < complete_from) {  // some of its raw points gone
            expected.erase(it);
            continue;
          }
          ++r_.rollup_windows;
          const RawWindow& w = it->second;
          if (avg[i].count != w.count || differs(avg[i].value, w.avg()) ||
              differs(mn[i].value, w.min) || differs(mx[i].value, w.max))
            ++r_.rollup_mismatches;
          expected.erase(it);
        }
        r_.rollup_mismatches += double(expected.size());  // raw windows without a rollup
      }
    }
}

void MetricsMonitoringModel::finish(RunContext& ctx) {
  Experiment& x = *x_;
  const double end = sg4::Engine::get_clock();
  r_.duration = ctx.workload().duration;
  const auto& store = x.tsdb->store();
  for (std::size_t s = 0; s < x.series.size(); ++s) {
    std::vector<double> stored;
    for (const auto& p : store.query_raw(x.series[s], 0, end + 1).points)
      stored.push_back(p.timestamp_s);
    r_.points += check_points(x.taken[s], std::move(stored), end - x.cfg.tsdb.raw_retention);
  }
  check_rollups(x, end);
  r_.hot_bytes = double(store.encoded_bytes(storage::timeseries::Tier::hot));
  r_.cold_bytes = double(store.encoded_bytes(storage::timeseries::Tier::cold));
  r_.bytes_per_point = store.bytes_per_point();
  r_.stored_points = double(store.stored_points());
  if (x.cfg.collection == Collection::Pull) {
    // Scrape coverage: every (target, grid time) of the load should have an up sample.
    const double load_end = ctx.timeline().load_end();
    double expected = 0, seen = 0;
    for (std::size_t t = 0; t < x.targets.size(); ++t) {
      std::vector<double> times = x.taken[x.up_series[t]];
      std::sort(times.begin(), times.end());
      times.erase(std::unique(times.begin(), times.end()), times.end());
      seen += double(std::count_if(times.begin(), times.end(),
                                   [&x](double s) { return s >= x.cfg.scrape_interval; }));
    }
    for (double t = x.cfg.scrape_interval; t < load_end; t += x.cfg.scrape_interval)
      expected += double(x.targets.size());
    r_.scrape_rounds_missed = std::max(0.0, expected - seen);
  }
  std::map<std::string, std::vector<double>> firings;
  r_.pending_to_firing_min = 0;
  bool first = true;
  for (const AlertTransition& tr : x.transitions) {
    const double k = (tr.time - x.cfg.alert.evaluation_offset) / x.cfg.alert.evaluation_interval;
    r_.firing_off_grid_max = std::max(
        r_.firing_off_grid_max, std::abs(k - std::round(k)) * x.cfg.alert.evaluation_interval);
    if (tr.kind == AlertTransition::Kind::resolved) ++r_.resolved;
    if (tr.kind != AlertTransition::Kind::firing) continue;
    ++r_.firings;
    firings[tr.labels].push_back(tr.time);
    const double held = tr.time - tr.active_at;
    r_.pending_to_firing_min = first ? held : std::min(r_.pending_to_firing_min, held);
    r_.pending_to_firing_max = std::max(r_.pending_to_firing_max, held);
    first = false;
  }
  AlertTiming timing{x.cfg.alert.for_duration, x.cfg.scrape_interval, x.cfg.scrape_timeout,
                     x.cfg.alert.evaluation_interval, 30.0};
  r_.alerts = check_alerts(x.faults, firings, timing, end);
}

}  // namespace sdsim::metrics_monitoring
