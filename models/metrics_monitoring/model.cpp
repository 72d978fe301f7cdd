// The metrics monitoring model's registration: builds the coordination service, the log, the
// time-series database and the model's own actors on the platform. See README.md.
#include "models/metrics_monitoring/model.hpp"

#include <fmt/format.h>

#include "models/metrics_monitoring/services/collector.hpp"
#include "models/metrics_monitoring/services/dashboard.hpp"
#include "models/metrics_monitoring/services/ingester.hpp"
#include "models/metrics_monitoring/services/rule_evaluator.hpp"
#include "models/metrics_monitoring/services/target.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {

std::string MetricsMonitoringModel::summary() const {
  return "metrics monitoring and alerting: pull/push collection, a log as the queue, a time-series "
         "store "
         "with rollups, Prometheus alert rules, dashboards with a query cache";
}

std::string MetricsMonitoringModel::description() const {
  return R"(Targets (role 'target', `targets` of them) expose `series_per_target` gauges
cpu{instance, cpu} (a diurnal curve with noise). They register in the coordination service
(role 'coord', 3 nodes, etcd-like) under /targets/. Collectors (role 'collector') register
under a lease (collector_lease) and either scrape (collection: pull) the targets that
consistent hashing over the live collectors gives them, every scrape_interval with
scrape_timeout, writing up{instance} = 1 with the gauges or up = 0 alone; or take the
batches agents on the targets push every push.interval (collection: push) over a reliable
transport (acknowledged once in the log; unacknowledged samples stay in the agent's bounded
buffer) or udp (push.loss, no retransmission). Collectors write records to the Kafka-like
log (role 'broker', 'controller'); an ingester (role 'ingester') consumes them into the
time-series database (role 'tsdb': Gorilla blocks, 1-minute and 1-hour rollups, retention,
hot and cold tiers) and commits after the store's acknowledgement, so a store outage backs up
in the log. The rule evaluator (role 'alerting', pull only) evaluates instance_down: up == 0
with alert.for every alert.evaluation_interval as Prometheus does (pending, firing, resolved;
transitions are `alert` rows in events.csv). Dashboards (role 'dashboard') refresh a panel
per target through the query frontend (role 'query', optional cache), faster while an alert
fires; each panel is a row of requests.csv.

Checkers at the end: every sample that entered the pipeline is looked for in the store
(ingest.points_lost, .duplicated; store.unexpected_points must be 0), and every alert is
held against the target crashes of the fault schedule (alert.missed, alert.false_positives,
alert.detection_delay.*). Load runs for workload.duration (collection and queries stop
then); the run drains workload.drain (default 30 s) more so the log empties.
workload.rate, clients and requests are not used.)";
}

std::vector<RoleRequest> MetricsMonitoringModel::roles(const ParamValues& p,
                                                       const WorkloadSpec&) const {
  const Config c = metrics_monitoring::params().read(p);
  return {{"target", c.targets},
          {"collector", c.collectors},
          {"broker", c.log.brokers},
          {"controller", 1},
          {"coord", 3},
          {"tsdb", 1},
          {"ingester", 1},
          {"alerting", 1},
          {"query", 1},
          {"dashboard", 1}};
}

std::string MetricsMonitoringModel::default_platform(const ParamValues& p,
                                                     const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 2);
}

void MetricsMonitoringModel::check(const ParamValues& p, const WorkloadSpec& load,
                                   Diagnostics& diags) const {
  const Config c = metrics_monitoring::params().read(p);
  if (c.log.replication_factor > c.log.brokers)
    diags.error(p.where("log.replication_factor"), "params.log.replication_factor",
                "cannot exceed params.log.brokers");
  if (c.scrape_timeout > c.scrape_interval)
    diags.error(p.where("scrape_timeout"), "params.scrape_timeout",
                "cannot exceed params.scrape_interval (Prometheus refuses it too)");
  if (c.alert.evaluation_offset >= c.alert.evaluation_interval)
    diags.error(p.where("alert.evaluation_offset"), "params.alert.evaluation_offset",
                "must be less than params.alert.evaluation_interval");
  if (c.producer.idempotent && c.producer.acks != log_service::Acks::All)
    diags.error(p.where("producer.idempotent"), "params.producer.idempotent",
                "an idempotent producer needs acks: all (as in Kafka); set idempotent: false");
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration",
                "the monitoring model needs a load duration (duration: T)");
  coord_service::check_coord(c.coord, p, "coord", diags);
}

void MetricsMonitoringModel::setup(RunContext& ctx) {
  cfg_ = metrics_monitoring::params().read(ctx.params());
  x_ = std::make_unique<Experiment>(cfg_, ctx);
  Experiment& x = *x_;
  Config& cfg = x.cfg;
  cfg.producer.record_bytes = kHeaderBytes + kSampleBytes * (cfg.series_per_target + 1);
  x.topic = &x.log.add_topic("metrics", 1);  // one partition: each series stays in time order
  x.ingest_group = x.log.add_group("ingest", *x.topic, cfg.consumer.session_timeout);
  x.log.start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
  x.coord.start();
  x.tsdb->start();
  Net& net = ctx.net();
  for (int t = 0; t < cfg.targets; ++t)
    x.targets.push_back(
        net.register_service<TargetProtocol>(x.target_names[std::size_t(t)] + "/exporter",
                                             ctx.hosts_with_role("target")[std::size_t(t)]));
  for (int c = 0; c < cfg.collectors; ++c) {
    x.collector_names.push_back(fmt::format("collector-{}", c));
    x.collectors.push_back(net.register_service<CollectorProtocol>(
        x.collector_names.back(), ctx.hosts_with_role("collector")[std::size_t(c)]));
  }
  x.frontend = net.register_service<FrontendProtocol>("query-frontend",
                                                      ctx.hosts_with_role("query").front());
  for (int t = 0; t < cfg.targets; ++t) start_target(x, t);
  for (int c = 0; c < cfg.collectors; ++c) start_collector(x, c);
  start_ingester(x, 0);
  if (cfg.collection == Collection::Pull) start_rule_evaluator(x);
  start_frontend(x);
  for (int d = 0; d < cfg.dashboard.dashboards; ++d) start_dashboard(x, d);
  watch_faults(ctx);
  Experiment* px = &x;
  ctx.recorder().add_gauge("queue_lag", [px] {
    double lag = 0;
    for (int p : px->topic->ids())
      lag += double(std::max<log_service::Offset>(
          0, px->log.current_log(p).high_watermark() - px->log.committed(px->ingest_group, p)));
    px->counters.max_queue_lag = std::max(px->counters.max_queue_lag, lag);
    return lag;
  });
  ctx.recorder().add_gauge("alerts_firing", [px] { return double(px->firing); });
  ctx.recorder().add_gauge("stored_points",
                           [px] { return double(px->tsdb->store().stored_points()); });
  ctx.timeline().drain_until([px] {
    for (int p : px->topic->ids())
      if (px->log.current_log(p).high_watermark() > px->log.committed(px->ingest_group, p))
        return false;
    return true;
  });
}

// Target crashes become the fault intervals the alert checker holds the alerts to.
void MetricsMonitoringModel::watch_faults(RunContext& ctx) {
  Experiment* px = x_.get();
  std::map<std::string, int> target_of;
  for (int t = 0; t < cfg_.targets; ++t)
    target_of[ctx.hosts_with_role("target")[std::size_t(t)]] = t;
  ctx.on_fault([px, target_of](const FaultEvent& e) {
    auto it = target_of.find(e.target);
    if (it == target_of.end()) return;
    auto& intervals = px->faults[px->target_names[std::size_t(it->second)]];
    if (e.kind == FaultAction::Kind::HostOff) intervals.push_back(FaultInterval{e.time});
    if (e.kind == FaultAction::Kind::HostOn && !intervals.empty()) intervals.back().up = e.time;
  });
}

const ModelRegistration registration{[] { return std::make_unique<MetricsMonitoringModel>(); }};

}  // namespace sdsim::metrics_monitoring
