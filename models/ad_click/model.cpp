// The ad-click model's registration: builds the click log, the KV store, the collectors and
// the aggregate nodes on the platform. See README.md.
#include "models/ad_click/model.hpp"

#include <fmt/format.h>

#include "models/ad_click/services/aggregator.hpp"
#include "models/ad_click/services/click_collector.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::ad_click {

Experiment::Experiment(const Config& c, RunContext& context)
    : cfg(c), ctx(context), log(c.log, context), store(context, c.store, "store") {}

std::string AdClickModel::summary() const {
  return "ad-click aggregation: event-time windows, watermark, top N, at-least-once vs "
         "exactly-once into a KV "
         "store, checked by a batch recount";
}

std::string AdClickModel::description() const {
  return R"(Clicks (ad_id by Zipf popularity, event time, country) are generated at the workload's
rate for workload.duration; each reaches the log at its event time plus a delay (most within
clicks.delay.on_time_max, a late_fraction in [late_min, late_max]); a client may resend a click
(the same event id). One collector per log partition (role 'collector') writes them with an
idempotent acks=all producer; the log (roles 'broker', 'controller') is partitioned by ad_id,
aggregation.partitions_per_node partitions per aggregate node. Each aggregate node (role
'aggregator') reads its partitions, filters (filter 0: all clicks; filter f: country f-1) and
counts per ad in tumbling windows of windows.size by event time (or processing time). A
partition's watermark is the largest time it has seen less windows.watermark; a window
[start, end) closes when end <= watermark and later clicks for it are dropped as late (Kafka
Streams' grace period; the clicks go to a side output and are counted). Duplicate deliveries of
an event id are counted once. A closed window's counts go to the replicated KV store (role
'store') as one row per partition and window; its top N (over the last windows.top_windows
windows) goes to the reduce step, which merges the nodes' lists into the global top N.

aggregation.delivery: at_least_once adds each row to the stored counts and then commits the
offsets below every open window; a crash loses the window state and the replay counts some
clicks twice. exactly_once upserts absolute counts, snapshots the window state with its log
positions in the store, then commits; a restarted node restores the snapshot and replays from
its positions, so every stored count equals the batch recount less the late drops.

At the end the reconciliation job recounts the raw clicks (every event id the log acknowledged)
per ad, window and filter by event time and lists every difference (reconciliation.csv).
Outputs: aggregates.csv (ad_id, window_start s, window_end s, filter_id, count, recount),
topn.csv (window_end s, rank, ad_id, count, recount_ad_id, recount_count), reconciliation.csv
(ad_id, window_start s, filter_id, stream, recount, difference = stream - recount). The load
runs for workload.duration; the run drains until every node has stored its last window (at
most workload.drain, 120 s by default). Times are seconds, sizes bytes.)";
}

std::vector<RoleRequest> AdClickModel::roles(const ParamValues& p, const WorkloadSpec&) const {
  const Config c = read_config(p);
  return {{"broker", c.log.brokers},
          {"controller", 1},
          {"collector", 1},
          {"aggregator", c.aggregation.nodes},
          {"store", c.store_nodes}};
}

std::string AdClickModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 3);
}

void AdClickModel::check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const {
  const Config c = read_config(p);
  if (c.log.replication_factor > c.log.brokers)
    diags.error(p.where("log.replication_factor"), "params.log.replication_factor",
                "cannot exceed params.log.brokers");
  if (c.log.min_insync_replicas > c.log.replication_factor)
    diags.error(p.where("log.min_insync_replicas"), "params.log.min_insync_replicas",
                "cannot exceed params.log.replication_factor");
  if (c.store.replication_factor > c.store_nodes)
    diags.error(p.where("store.replication_factor"), "params.store.replication_factor",
                "cannot exceed params.store_nodes");
  if (c.clicks.filter_countries > c.clicks.countries)
    diags.error(p.where("clicks.filter_countries"), "params.clicks.filter_countries",
                "cannot exceed params.clicks.countries");
  if (c.clicks.delay.late_min > c.clicks.delay.late_max)
    diags.error(p.where("clicks.delay.late_min"), "params.clicks.delay.late_min",
                "cannot exceed params.clicks.delay.late_max");
  if (c.aggregation.hot_split > c.aggregation.nodes)
    diags.error(p.where("aggregation.hot_split"), "params.aggregation.hot_split",
                "cannot exceed params.aggregation.nodes (one partial count per node)");
  if (load.requests > 0)
    diags.error(load.loc, "workload.requests",
                "clicks are generated for workload.duration; remove workload.requests");
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration", "the ad-click model needs a load duration");
  if (load.loop != "open")
    diags.error(load.loc, "workload.loop", "clicks are an open-loop stream (loop: open)");
  const double needed =
      std::max(c.clicks.delay.late_max, c.clicks.delay.on_time_max + c.clicks.resend_delay_max);
  if (load.drain >= 0 && load.drain < needed)
    diags.error(
        load.loc, "workload.drain",
        fmt::format(
            "must be at least the longest arrival delay ({} s): the last clicks arrive then",
            needed));
}

void AdClickModel::setup(RunContext& ctx) {
  x_ = std::make_unique<Experiment>(read_config(ctx.params()), ctx);
  Experiment& x = *x_;
  const Config& c = x.cfg;
  const int k = c.aggregation.partitions_per_node;
  x.partitions = c.aggregation.nodes * k;
  for (int i = 0; i < c.aggregation.nodes; ++i) {
    x.topics.push_back(&x.log.add_topic(fmt::format("clicks-{}", i), k));
    x.groups.push_back(x.log.add_group(fmt::format("aggregator-{}", i), *x.topics.back(),
                                       c.consumer.session_timeout));
  }
  RandomStream rng = ctx.stream("clicks");
  x.clicks =
      generate_clicks(c.clicks, ctx.workload(), x.partitions, rng, c.aggregation.hot_split, k);
  x.appended.assign(x.clicks.deliveries.size(), false);
  x.stored.assign(x.clicks.events.size(), false);
  x.nodes.resize(std::size_t(c.aggregation.nodes));
  x.log.on_append([&x](const log_service::RecordBatch& b) {
    for (log_service::RecordId id : b.ids) x.appended[id] = true;
  });
  x.log.start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
  x.store.start(ctx.hosts_with_role("store"));
  start_collectors(x);
  for (int i = 0; i < c.aggregation.nodes; ++i) start_aggregator(x, i);
  const auto& hosts = ctx.hosts_with_role("aggregator");
  ctx.on_fault([&x, hosts](const FaultEvent& e) {
    if (e.kind != FaultAction::Kind::HostOff) return;
    for (std::size_t i = 0; i < hosts.size(); ++i)
      if (hosts[i] == e.target && x.nodes[i].crashed_at < 0) {
        x.nodes[i].crashed_at = sg4::Engine::get_clock();
        x.nodes[i].positions_at_crash = x.nodes[i].positions;
      }
  });
  ctx.timeline().drain_until([&x] {
    for (const NodeRecord& n : x.nodes)
      if (!n.done) return false;
    return true;
  });
}

const ModelRegistration registration{[] { return std::make_unique<AdClickModel>(); }};

}  // namespace sdsim::ad_click
