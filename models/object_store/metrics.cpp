// The object store model's metric table and end-of-run accounting.
#include <algorithm>
#include <string>
#include <vector>

#include "models/object_store/checker.hpp"
#include "models/object_store/model.hpp"
#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::object_store {

namespace {
std::string listing_doc(const std::string& list, const std::string& part) {
  const std::string which = list == "list.root" ? "LIST of the root with delimiter '/'"
                            : list == "list.prefix"
                                ? "LIST of prefix 'CA/' (tree) or 'obj-0000' (flat), no delimiter"
                                : "LIST of the whole bucket, no delimiter";
  return which + ": " +
         (part == "entries"   ? "entries"
          : part == "objects" ? "objects listed"
                              : "common prefixes");
}

}  // namespace

MetricTable ObjectStoreModel::metric_table() const {
  const Results& r = results_;
  const Stats* const* st = &stats_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  auto stat = [st](auto f) { return [st, f] { return f(**st); }; };
  MetricTable t;
  t.add("objects.stored", "", "objects in the object table at the end", v(&Results::stored))
      .add("objects.lost", "",
           "objects with fewer than the needed shards left on any disk (unrecoverable)",
           stat([](const Stats& s) { return double(s.lost.size()); }))
      .add("objects.degraded", "",
           "objects that missed a shard at some point but stayed recoverable",
           v(&Results::degraded))
      .add("objects.unavailable.max", "",
           "most objects at once without enough shards on live hosts",
           stat([](const Stats& s) { return double(s.unavailable_max); }))
      .add("storage.overhead", "",
           "raw bytes on disks / logical bytes - 1, from what the data nodes hold (0 when empty)",
           v(&Results::overhead))
      .add("storage.raw_bytes", "B", "live shard bytes on the data nodes' disks", v(&Results::raw))
      .add("storage.logical_bytes", "B", "sizes of the objects in the object table",
           v(&Results::logical))
      .add("repair.bytes", "B", "bytes read and written by repair",
           stat([](const Stats& s) { return s.repair_bytes; }))
      .add("repair.needless_bytes", "B", "repair bytes for nodes declared dead while alive",
           stat([](const Stats& s) { return s.needless_repair_bytes; }))
      .add("repair.wasted_bytes", "B",
           "bytes read or written by repair attempts that rebuilt nothing (no target, a failed "
           "write): not in repair.bytes",
           stat([](const Stats& s) { return s.repair_wasted_bytes; }))
      .add("repair.shards", "", "shards rebuilt",
           stat([](const Stats& s) { return double(s.repaired_shards); }))
      .add("repair.time.mean", "s", "loss detected to shard rebuilt, mean",
           stat([](const Stats& s) { return s.repair_time.mean(); }))
      .add("repair.time.max", "s", "loss detected to shard rebuilt, max",
           stat([](const Stats& s) { return s.repair_time.max(); }))
      .add("put_latency.p50", "s", "PUT latency at the client, median",
           stat([](const Stats& s) { return s.put_latency.quantile(0.5); }))
      .add("put_latency.p99", "s", "PUT latency at the client, 99th percentile",
           stat([](const Stats& s) { return s.put_latency.quantile(0.99); }))
      .add("get_latency.p50", "s", "GET latency at the client, median",
           stat([](const Stats& s) { return s.get_latency.quantile(0.5); }))
      .add("get_latency.p99", "s", "GET latency at the client, 99th percentile",
           stat([](const Stats& s) { return s.get_latency.quantile(0.99); }))
      .add("puts.failed", "", "PUTs that failed or timed out",
           stat([](const Stats& s) { return double(s.puts_failed); }))
      .add("gets.total", "", "GETs issued",
           stat([](const Stats& s) { return double(s.gets_ok + s.gets_failed); }))
      .add("gets.reads_per_get", "",
           "shard reads per GET issued (1 per copy read, k per EC read, more when shards fail)",
           stat([](const Stats& s) {
             const double gets = double(s.gets_ok + s.gets_failed);
             return gets > 0 ? double(s.get_shard_reads) / gets : 0.0;
           }))
      .add("gets.degraded", "", "GETs served by reconstruction (parity read)",
           stat([](const Stats& s) { return double(s.gets_degraded); }))
      .add("get.availability", "", "fraction of GETs served (1 when none was issued)",
           stat([](const Stats& s) {
             const double gets = double(s.gets_ok + s.gets_failed);
             return gets > 0 ? double(s.gets_ok) / gets : 1.0;
           }))
      .add("disks.failed", "", "disk losses (scheduled and stochastic)",
           stat([](const Stats& s) { return double(s.disk_failures); }))
      .add("nodes.false_down", "", "nodes declared dead while their host was alive",
           [this] { return double(c_->blob->stats.false_down); })
      .add("detection.delay.mean", "s", "host death to declared dead, mean",
           [this] { return c_->blob->stats.detection_delay.mean(); })
      .add("detection.delay.max", "s", "host death to declared dead, max",
           [this] { return c_->blob->stats.detection_delay.max(); })
      .add("check.availability.samples", "", "samples recounted by check_availability (0 when off)",
           stat([](const Stats& s) { return double(s.availability_audits); }))
      .add("check.availability.mismatches", "",
           "samples whose recount differed from the kept count (must be 0)",
           stat([](const Stats& s) { return double(s.availability_mismatches); }))
      .add("durability.simulated", "",
           "annual object loss probability estimated from this run: objects lost at stochastic "
           "disk failures / PUT, "
           "annualised over disk_failures.until (or the load) x time_scale; 0 without an AFR",
           v(&Results::durability_simulated))
      .add("durability.model", "",
           "annual object loss probability, continuous-time window model (README), W = measured "
           "repair window",
           v(&Results::durability_model))
      .add("durability.backblaze", "",
           "annual object loss probability, the Backblaze calculator (loss when more than the "
           "tolerated shards fail in "
           "one replacement period = W)",
           v(&Results::durability_backblaze))
      .add("placement.load_cv", "",
           "coefficient of variation (standard deviation / mean) of the live shard bytes per data "
           "node at the end (nodes.csv)",
           v(&Results::load_cv))
      .add("placement.load_max_over_mean", "",
           "most loaded data node's live shard bytes / the mean over data nodes",
           v(&Results::load_max_over_mean))
      .add("placement.ring_share_cv", "",
           "coefficient of variation of the fraction of the hash ring each data node owns",
           v(&Results::ring_share_cv))
      .add("estimate.ring_share_cv", "",
           "expected ring_share_cv for N nodes of v random virtual nodes each: "
           "sqrt((N - 1) / (N v + 1)) (README)",
           v(&Results::ring_share_cv_expected));
  // Three listings after the load: the root with '/', a prefix, the whole bucket.
  for (const char* list : {"list.root", "list.prefix", "list.all"})
    for (const char* part : {"entries", "objects", "prefixes"}) {
      const std::string name = std::string(list) + "." + part;
      t.add(name, "", listing_doc(list, part), [st, name] {
        auto it = (*st)->listing.find(name);
        return it == (*st)->listing.end() ? 0.0 : it->second;
      });
    }
  // The scenario's ListObjectsV2 listing (params.list), page by page.
  auto list_run = [](const RunShape& s) { return read_config(s.params).list.run; };
  for (const auto& [name, doc] : std::vector<std::pair<std::string, std::string>>{
           {"listing.pages", "pages the scenario's listing (params.list) took"},
           {"listing.keys", "keys (Contents) over all its pages"},
           {"listing.common_prefixes", "common prefixes over all its pages"},
           {"listing.failed_pages", "page requests that failed and were asked again"}})
    t.add_if(name, "", doc, "params.list.run", list_run, [st, key = name] {
      auto it = (*st)->listing.find(key);
      return it == (*st)->listing.end() ? 0.0 : it->second;
    });
  return t;
}

void ObjectStoreModel::finish(RunContext& ctx) {
  Cluster& c = *c_;
  Results& r = results_;
  sample_availability();
  for (const auto& shard : c.meta)
    for (const auto& [k, row] : shard->objects) {
      r.logical += row.size;
      ++r.stored;
    }
  for (const auto& s : c.blob->stores) r.raw += s->live_bytes();
  for (auto id : c.stats.degraded) r.degraded += c.stats.lost.count(id) ? 0 : 1;
  r.overhead = r.logical > 0 ? r.raw / r.logical - 1.0 : 0.0;
  account_node_load(ctx);
  // Durability: observed losses over the run's (scaled) exposure, and the analytic model with
  // the measured repair window.
  // Only the AFR process's losses count, over the time it drew failures (disk_failures.until,
  // or the load): scheduled disk_loss faults are not part of the failure rate the models use.
  const double drawn_until = c.cfg.failures.until > 0
                                 ? std::min(c.cfg.failures.until, simgrid::s4u::Engine::get_clock())
                                 : ctx.workload().duration;
  const double exposure = drawn_until * c.cfg.failures.time_scale;
  const double ever = double(c.stats.puts_ok);
  r.durability_simulated = ever > 0 && c.cfg.failures.afr > 0
                               ? annualise(double(c.stats.lost_by_nature) / ever, exposure)
                               : 0.0;
  const double window = (c.stats.repair_time.count() > 0 ? c.stats.repair_time.mean()
                                                         : c.cfg.failures.replace_after) *
                        c.cfg.failures.time_scale;
  const Scheme& s = c.cfg.scheme;
  r.durability_model =
      annual_loss_probability(s.shards(), s.tolerance(), c.cfg.failures.afr, window);
  r.durability_backblaze =
      backblaze_annual_loss(s.shards(), s.tolerance(), c.cfg.failures.afr, window);
}

// Per data node: what it holds at the end and its share of the ring (nodes.csv), and the
// spread of both (placement.*). A node's ring share is its expected fraction of the objects'
// first shards; with several shards per object and rack-aware walks the load smooths out.
void ObjectStoreModel::account_node_load(RunContext& ctx) {
  const blob_service::BlobStore& b = *c_->blob;
  const std::vector<double> share = b.ring->ownership();
  std::vector<double> bytes;
  CsvWriter out(ctx.recorder().output_path("nodes.csv"),
                {"node", "host", "rack", "chunks", "bytes", "ring_share"});
  for (std::size_t n = 0; n < b.stores.size(); ++n) {
    std::uint64_t chunks = 0;
    for (const auto& [key, e] : b.stores[n]->extents) chunks += e.tombstone ? 0 : 1;
    bytes.push_back(b.stores[n]->live_bytes());
    out.field(b.datanode_service(static_cast<int>(n)));
    out.field(b.hosts[n]);
    out.field(b.ring->domain(static_cast<int>(n)));
    out.field(static_cast<unsigned long long>(chunks));
    out.field(bytes.back());
    out.field(share[n]);
    out.end_row();
  }
  out.close();
  Results& r = results_;
  r.load_cv = coefficient_of_variation(bytes);
  double total = 0.0;
  for (double x : bytes) total += x;
  r.load_max_over_mean =
      total > 0 ? *std::max_element(bytes.begin(), bytes.end()) / (total / double(bytes.size()))
                : 0.0;
  r.ring_share_cv = coefficient_of_variation(share);
  r.ring_share_cv_expected =
      expected_ring_share_cv(static_cast<int>(b.stores.size()), c_->cfg.vnodes);
}

}  // namespace sdsim::object_store
