// The time-series database on a small platform, scaled down in time (10 s blocks, 30 s in
// memory, 60 s of raw retention, 5 s and 30 s rollups): two nodes, one with the WAL and one
// without, get 10 series at 10 points/s each from 0 to 100 s; both hosts crash at 35.05 s
// (the head was last cut at 30 s) for 2 s.
//   - without the WAL exactly the head is lost (the points acknowledged in [30, 35.05)), the
//     rest survives; with the WAL nothing acknowledged is lost and the WAL is replayed;
//   - at 100 s the raw points of [0, 30) are past retention while their rollup windows are
//     still there, with the right counts; stored rollups equal rollups computed from the raw
//     points;
//   - a query over cold blocks reads the disk and is slower than one over as many hot points;
//     a query's decoding work follows the points it touches.
#include <cmath>
#include <map>
#include <set>

#include "harness_b.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/timeseries/tsdb_client.hpp"
#include "sim/services/timeseries/tsdb_node.hpp"

using namespace sdsim;
using namespace sdsim::timeseries_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCrashAt = 35.05, kDownFor = 2.0, kCut = 30.0;
constexpr int kSeries = 10;

double now() { return sg4::Engine::get_clock(); }
SeriesKey series(int i) { return SeriesKey("cpu", {{"host", "h" + std::to_string(i)}}); }

struct Ingested {
  std::vector<double> acked_times;  // every series gets the same timestamps
  int failed_batches = 0;
};

void ingest(Net& net, const TsdbNode& node, Ingested& in) {
  Rpc rpc(net, node.name() + "-ingest");
  TsdbClient c(rpc, node.endpoint(), CallOptions{0.5, 0});
  for (int k = 0; k < 1000; ++k) {
    sg4::this_actor::sleep_until(0.1 * k);
    const double t = now();
    std::vector<SeriesSamples> batch;
    for (int i = 0; i < kSeries; ++i)
      batch.push_back({series(i), {{t, 50 + 10 * std::sin(t + i)}}});
    auto r = c.append(std::move(batch));
    if (r.ok() && r.value().accepted == kSeries)
      in.acked_times.push_back(t);
    else
      ++in.failed_batches;
  }
}

struct Observed {
  std::map<std::string, std::set<long long>>
      survived;                            // at 50 s: series -> ms of points in [20, 50)
  std::vector<std::size_t> old_raw;        // at 100.5 s: points left in [0, 30), per series
  std::vector<std::uint64_t> old_windows;  // windows of 5 s over [0, 30) with 50 points each
  bool rollups_match = true;
  RangeReply cold, hot, hot_half;
  double cold_latency = 0, hot_latency = 0, hot_half_latency = 0;
  bool bad_interval_refused = false;
};

void query(Net& net, const TsdbNode& node, Observed& o) {
  Rpc rpc(net, node.name() + "-query");
  TsdbClient c(rpc, node.endpoint(), CallOptions{2.0, 2, 0.5});
  sg4::this_actor::sleep_until(50.0);
  for (int i = 0; i < kSeries; ++i) {
    auto r = c.range(series(i), 20, 50);
    for (const Point& p : r.value().points)
      o.survived[series(i).canonical()].insert(std::llround(p.timestamp_s * 1000));
  }
  sg4::this_actor::sleep_until(100.5);
  for (int i = 0; i < kSeries; ++i) {
    o.old_raw.push_back(c.range(series(i), 0, 30).value().points.size());
    std::uint64_t full = 0;
    for (const Window& w : c.rollup(series(i), 5, Aggregation::count, 0, 30).value().windows)
      full += w.count == 50;
    o.old_windows.push_back(full);
    const auto stored = c.rollup(series(i), 5, Aggregation::avg, 60, 90).value().windows;
    const auto raw = c.rollup(series(i), 5, Aggregation::avg, 60, 90, true).value().windows;
    bool same = stored.size() == raw.size() && stored.size() == 6;
    for (std::size_t w = 0; same && w < stored.size(); ++w)
      same = stored[w].count == raw[w].count && std::abs(stored[w].value - raw[w].value) < 1e-9;
    o.rollups_match = o.rollups_match && same;
  }
  auto timed = [&](double from, double to, RangeReply& out, double& latency) {
    const double t0 = now();
    out = c.range(series(0), from, to).value();
    latency = now() - t0;
  };
  timed(40, 60, o.cold, o.cold_latency);
  timed(80, 100, o.hot, o.hot_latency);
  timed(80, 90, o.hot_half, o.hot_half_latency);
  o.bad_interval_refused = c.rollup(series(0), 7, Aggregation::avg, 0, 100).status == Status::Error;
}

}  // namespace

int main() {
  harness_b::Sim sim("timeseries_service", harness_b::one_rack(3), {{"tsdb", 2}, {"client", 1}});
  const std::string scaled =
      "block_duration: 10s, hot_duration: 30s, raw_retention: 60s, rollup_fine_interval: 5s, "
      "rollup_fine_retention: "
      "300s, rollup_coarse_interval: 30s, rollup_coarse_retention: 1h, advance_interval: 1s";
  TsdbNode wal(sim.ctx(), "tsdb-wal", sim.hosts("tsdb")[0],
               harness_b::configure(tsdb_params(), "{" + scaled + "}"));
  TsdbNode nowal(sim.ctx(), "tsdb-nowal", sim.hosts("tsdb")[1],
                 harness_b::configure(tsdb_params(), "{wal: false, " + scaled + "}"));
  wal.start();
  nowal.start();
  sim.crash(sim.hosts("tsdb")[0], kCrashAt, kDownFor);
  sim.crash(sim.hosts("tsdb")[1], kCrashAt, kDownFor);
  const std::string client = sim.hosts("client")[0];
  Ingested in_wal, in_nowal;
  Observed o_wal, o_nowal;
  sim.driver("ingest-wal", client, [&] { ingest(sim.net(), wal, in_wal); });
  sim.driver("ingest-nowal", client, [&] { ingest(sim.net(), nowal, in_nowal); });
  sim.driver("query-wal", client, [&] { query(sim.net(), wal, o_wal); });
  sim.driver("query-nowal", client, [&] { query(sim.net(), nowal, o_nowal); });
  sim.run();

  for (auto [node, in, o] :
       {std::tuple{&wal, &in_wal, &o_wal}, std::tuple{&nowal, &in_nowal, &o_nowal}}) {
    const std::string& n = node->name();
    const bool has_wal = node->config().wal;
    sim.check(in->failed_batches > 0 && in->failed_batches <= 25,
              fmt::format("{}: appends fail only while the host is off ({} failed)", n,
                          in->failed_batches));
    // What survived of [20, 50): every acknowledged point, except the head without the WAL.
    int expected_lost = 0, wrong = 0;
    for (double t : in->acked_times) {
      if (t < 20 || t >= 50) continue;
      const bool head = t >= kCut && t < kCrashAt;
      expected_lost += head;
      const bool should_survive = has_wal || !head;
      for (int i = 0; i < kSeries; ++i)
        wrong += o->survived[series(i).canonical()].count(std::llround(t * 1000)) !=
                 (should_survive ? 1u : 0u);
    }
    sim.check(
        expected_lost > 40,
        fmt::format("{}: the head held acknowledged points at the crash ({})", n, expected_lost));
    sim.check(wrong == 0,
              fmt::format("{}: exactly the {} is lost ({} points differ)", n,
                          has_wal ? "nothing acknowledged" : "head since the last cut", wrong));
    if (has_wal)
      sim.check(node->stats().points_replayed == std::uint64_t(expected_lost) * kSeries &&
                    node->stats().points_lost_in_crash == 0,
                fmt::format("{}: the restart replayed the WAL ({} points)", n,
                            node->stats().points_replayed));
    else
      sim.check(node->stats().points_lost_in_crash == std::uint64_t(expected_lost) * kSeries,
                fmt::format("{}: the service counts the head it lost ({} points)", n,
                            node->stats().points_lost_in_crash));
    // Retention advanced with simulated time; rollups outlive raw points.
    int old_raw = 0, old_windows = 0;
    for (auto v : o->old_raw) old_raw += static_cast<int>(v);
    for (auto v : o->old_windows) old_windows += static_cast<int>(v);
    sim.check(old_raw == 0,
              fmt::format("{}: raw points older than 60 s were dropped ({} left)", n, old_raw));
    sim.check(old_windows == 6 * kSeries,
              fmt::format("{}: the 5 s rollups of [0, 30) remain, 50 points each ({} of {})", n,
                          old_windows, 6 * kSeries));
    sim.check(o->rollups_match,
              fmt::format("{}: stored rollups equal rollups of the raw points", n));
    // Tiers and cost.
    const auto& cold = o->cold.cost;
    const auto& hot = o->hot.cost;
    sim.check(
        cold.cold.blocks_read == 2 && hot.cold.blocks_read == 0,
        fmt::format("{}: [40, 60) is read from the cold tier ({} blocks), [80, 100) from memory", n,
                    cold.cold.blocks_read));
    sim.check(
        o->cold.points.size() == o->hot.points.size() && o->cold_latency > o->hot_latency,
        fmt::format("{}: as many cold points cost more than hot ones ({:.3f} ms vs {:.3f} ms)", n,
                    o->cold_latency * 1e3, o->hot_latency * 1e3));
    const double ratio =
        double(hot.hot.points_decoded) / double(o->hot_half.cost.hot.points_decoded);
    sim.check(ratio > 1.8 && ratio < 2.2 && o->hot_latency > o->hot_half_latency,
              fmt::format("{}: twice the range decodes twice the points ({:.2f}x)", n, ratio));
    sim.check(o->bad_interval_refused,
              fmt::format("{}: a rollup interval that is no tier is refused", n));
    sim.check(node->stats().head_cuts >= 9 && node->stats().cold_bytes_written > 0,
              fmt::format("{}: heads were cut and blocks moved to the cold tier", n));
    sim.note(
        fmt::format("{}: {} points, {:.2f} B/point, {} cuts, {:.0f} B persisted, {:.0f} B moved "
                    "cold; query latency "
                    "cold {:.3f} ms, hot {:.3f} ms",
                    n, node->stats().points_acknowledged, node->store().bytes_per_point(),
                    node->stats().head_cuts, node->stats().persisted_bytes,
                    node->stats().cold_bytes_written, o->cold_latency * 1e3, o->hot_latency * 1e3));
  }
  return sim.finish();
}
