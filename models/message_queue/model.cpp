// The message queue model: a Kafka-like replicated, partitioned log. Brokers hold partition
// replicas, a controller elects leaders from the in-sync replicas, producers write with
// acks 0/1/all (optionally idempotent), consumer groups pull (or brokers push), and the
// delivery ledger follows every message to say what was lost, duplicated or reordered.
// See models/message_queue/README.md.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/message_queue/experiment.hpp"
#include "models/message_queue/services/consumer.hpp"
#include "models/message_queue/services/processor.hpp"
#include "models/message_queue/services/producer.hpp"
#include "sim/model/model.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {
namespace {

class MessageQueueModel : public Model {
 public:
  std::string name() const override { return "message_queue"; }
  std::string summary() const override {
    return "Kafka-like replicated partitioned log: acks, ISR, leader election, idempotent producers, consumer groups";
  }
  std::string description() const override {
    return R"(Brokers (role 'broker') hold the replicas of a topic's partitions; each partition
has a leader and followers that fetch from it. A follower stays in the in-sync replica set
(ISR) while it has caught up within replica_lag_time_max; the high watermark is the offset
every ISR member has, and consumers never read past it. A controller (role 'controller', its
own host) tracks brokers by heartbeat and elects leaders from the ISR. Producers (role
'producer', workload.clients of them, at workload.rate in all) batch records per partition
and write with acks 0/1/all; an idempotent producer's retries are de-duplicated by the
leader. A consumer group (role 'consumer') pulls and commits offsets before or after
processing; in push mode the brokers push to bounded consumer buffers.

With consumer.commit: transactional (exactly-once) the producers write an input topic, the
'consumer' hosts run read-process-write processors that write each fetched batch to an output
topic inside a transaction (idempotent, transactional producer, acks=all) and commit the input
offsets with it; a restarted processor aborts its open transaction and resumes from the
committed offsets. read_committed readers (role 'reader', one per processor) consume the
output topic, and their processing is what the ledger counts. Producers must be idempotent.

The delivery ledger follows each message: created -> send attempts -> acknowledged ->
appended -> processed -> committed. messages.lost counts messages that were acknowledged (or
sent with acks=0) and never processed, and are not still waiting in a log (messages.pending);
messages.duplicated those processed more than once; messages.reordered first processings out
of their producer's order within a partition. requests.csv has one row per message
(op produce: start = creation, end = acknowledgement or failure).

The load runs for workload.duration; consumers go on for workload.drain (default 20 s) more, then the run ends.
Messages and bytes are SI; latency metrics are in seconds.)";
  }

  std::vector<ParamSpec> params() const override { return message_queue::params().specs(); }

  MetricTable metric_table() const override {
    const DeliveryLedger::Summary& s = summary_;
    const Experiment* const* x = &x_raw_;
    auto stat = [x](std::uint64_t log_service::LogStats::*field) {
      return [x, field] { return double((*x)->log.stats().*field); };
    };
    auto count = [&s](std::uint64_t DeliveryLedger::Summary::*field) { return [&s, field] { return double(s.*field); }; };
    MetricTable t;
    t.add("messages.produced", "", "messages created by producers", count(&DeliveryLedger::Summary::produced))
        .add("messages.acked", "", "messages acknowledged to their producer", count(&DeliveryLedger::Summary::acked))
        .add("messages.failed", "", "messages their producer gave up on", count(&DeliveryLedger::Summary::failed))
        .add("messages.processed", "", "messages processed at least once", count(&DeliveryLedger::Summary::processed))
        .add("messages.lost", "", "acknowledged (or sent with acks=0) and never processed, not pending",
             count(&DeliveryLedger::Summary::lost))
        .add("messages.lost_acked", "", "of messages.lost, the acknowledged ones", count(&DeliveryLedger::Summary::lost_acked))
        .add("messages.duplicated", "", "messages processed more than once", count(&DeliveryLedger::Summary::duplicated))
        .add("messages.reordered", "", "first processings after a later message of the same producer and partition",
             count(&DeliveryLedger::Summary::reordered))
        .add("messages.pending", "", "not processed yet but still in a log past the consumer's position at the end",
             count(&DeliveryLedger::Summary::pending))
        .add("e2e_latency.p50", "s", "creation -> first processing, median", [&s] { return s.e2e.quantile(0.5); })
        .add("e2e_latency.p99", "s", "creation -> first processing, 99th percentile", [&s] { return s.e2e.quantile(0.99); })
        .add("e2e_latency.max", "s", "creation -> first processing, maximum", [&s] { return s.e2e.max(); })
        .add("produce_latency.p50", "s", "creation -> acknowledgement, median", [&s] { return s.produce.quantile(0.5); })
        .add("produce_latency.p99", "s", "creation -> acknowledgement, 99th percentile",
             [&s] { return s.produce.quantile(0.99); })
        .add("consumer_lag.max", "", "largest sampled sum over partitions of high watermark - consumer position",
             [this] { return max_lag_; })
        .add("produce.unavailable_time", "s", "time during which some producer's latest attempt had failed",
             [this] { return unavailable_; })
        .add("broker.bytes_replicated", "B", "bytes followers fetched from leaders",
             [x] { return (*x)->log.stats().bytes_replicated; })
        .add("leader_elections", "", "leader elections by the controller", stat(&log_service::LogStats::elections))
        .add("isr.shrinks", "", "ISR shrinks committed by the controller", stat(&log_service::LogStats::isr_shrinks))
        .add("isr.expands", "", "ISR expansions committed by the controller", stat(&log_service::LogStats::isr_expands))
        .add("isr.min", "", "smallest ISR size sampled over all partitions", [this] { return min_isr_; })
        .add("rebalances", "", "consumer group rebalances", stat(&log_service::LogStats::rebalances))
        .add("push.dropped", "", "push mode: records dropped by full consumer buffers", stat(&log_service::LogStats::push_dropped))
        .add("txn.commits", "", "transactions committed", stat(&log_service::LogStats::txn_commits))
        .add("txn.aborts", "", "transactions aborted", stat(&log_service::LogStats::txn_aborts))
        .add("network.messages", "", "simulated network messages sent by the model", [this] { return sent_; })
        .add("network.messages_per_message", "", "network.messages / messages.produced",
             [this, &s] { return s.produced ? sent_ / double(s.produced) : 0.0; });
    return t;
  }

  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override {
    const Config c = read_config(p);
    std::vector<RoleRequest> r{{"broker", c.brokers.brokers}, {"controller", 1}, {"producer", load.clients},
                               {"consumer", c.consumer.members}};
    if (c.pipeline) r.push_back({"reader", c.consumer.members});
    return r;
  }

  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override {
    int hosts = 0;
    for (const RoleRequest& r : roles(p, load)) hosts += r.count;
    return fmt::format(
        "datacenters:\n"
        "  - name: dc-0\n"
        "    racks:\n"
        "      - {{name: rack-0, hosts: {0}, uplink: {{bandwidth: 40Gbps, latency: 20us}}}}\n"
        "      - {{name: rack-1, hosts: {0}, uplink: {{bandwidth: 40Gbps, latency: 20us}}}}\n"
        "      - {{name: rack-2, hosts: {0}, uplink: {{bandwidth: 40Gbps, latency: 20us}}}}\n"
        "host: {{speed: 1Gf, cores: 8, link: {{bandwidth: 10Gbps, latency: 50us}}, "
        "disks: [{{name: disk0, read: 500MBps, write: 400MBps}}]}}\n",
        (hosts + 2) / 3);
  }

  double default_drain() const override { return 20.0; }

  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override {
    const Config c = read_config(p);
    if (c.brokers.replication_factor > c.brokers.brokers)
      diags.error(p.where("replication_factor"), "params.replication_factor", "cannot exceed params.brokers");
    if (c.brokers.min_insync_replicas > c.brokers.replication_factor)
      diags.error(p.where("min_insync_replicas"), "params.min_insync_replicas", "cannot exceed params.replication_factor");
    if (c.producer.idempotent && c.producer.acks != log_service::Acks::All)
      diags.error(p.where("producer.idempotent"), "params.producer.idempotent",
                  "an idempotent producer needs acks: all (as in Kafka); set idempotent: false");
    if (c.consumer.commit == CommitPolicy::Transactional) {
      if (c.consumer.push)
        diags.error(p.where("consumer.commit"), "params.consumer.commit", "transactional needs consumer.mode: pull");
      if (!c.producer.idempotent)
        diags.error(p.where("consumer.commit"), "params.consumer.commit",
                    "transactional (exactly-once) needs an idempotent producer: a retried duplicate in the input "
                    "topic would be processed twice");
    }
    if (load.duration <= 0)
      diags.error(load.loc, "workload.duration", "the message queue needs a load duration (duration: T)");
  }

  void setup(RunContext& ctx) override {
    x_ = std::make_unique<Experiment>(read_config(ctx.params()), ctx);
    x_raw_ = x_.get();
    Experiment& x = *x_;
    x.load_end = ctx.workload().duration;
    const Config& cfg = x.cfg;
    // The topics and groups: producers write the input topic; consumers (or, in the
    // exactly-once pipeline, processors) read it; readers read the pipeline's output.
    x.input = &x.log.add_topic("input", cfg.partitions);
    if (cfg.pipeline) x.output = &x.log.add_topic("output", cfg.partitions);
    const double session = cfg.consumer.client.session_timeout;
    x.consumer_group = x.log.add_group("consumers", cfg.pipeline ? *x.output : *x.input, session);
    if (cfg.pipeline) x.processor_group = x.log.add_group("processors", *x.input, session);
    x.log.on_append([&x](const log_service::RecordBatch& b) {
      for (RecordId id : b.ids) x.ledger.appended(id);
    });
    x.log.start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
    for (int i = 0; i < ctx.workload().clients; ++i) start_producer(x, i);
    if (cfg.consumer.push) start_push_consumers(x);
    for (int i = 0; i < cfg.consumer.members && !cfg.consumer.push; ++i) {
      if (cfg.pipeline) {
        start_processor(x, i);
        start_pull_consumer(x, i, "reader");
      } else {
        start_pull_consumer(x, i);
      }
    }
    add_gauges(ctx);
    // The run (sim/run's timeline) ends workload.drain after the load: consumers go on till then.
  }

  void finish(RunContext& ctx) override {
    Experiment& x = *x_;
    mark_pending(x);
    summary_ = x.ledger.summarize();
    unavailable_ = x.availability.total(sg4::Engine::get_clock());
    sent_ = double(ctx.net().sent());
  }

 private:
  // Consumer position: where a consumer of partition p would go on from.
  static Offset position(const Experiment& x, int p) {
    if (x.cfg.consumer.push) return x.log.pushed(p);
    return x.log.committed(x.consumer_group, p);
  }

  // Messages still in a log past the consumer's position (or in a push buffer) are a
  // backlog, not a loss.
  static void mark_pending(Experiment& x) {
    auto backlog = [&x](int p, Offset from) {
      const log_service::ReplicaLog& log = x.log.current_log(p);
      for (const log_service::RecordBatch& b : log.read(from, log.log_end(), std::size_t(-1)))
        for (RecordId id : b.ids) x.ledger.pending(id);
    };
    for (int p : x.log.group_partitions(x.consumer_group)) backlog(p, position(x, p));
    for (const auto& buffer : x.push_buffers)
      for (RecordId id : buffer) x.ledger.pending(id);
    if (x.cfg.pipeline)  // messages still in the input topic past the processors' offsets
      for (int p : x.log.group_partitions(x.processor_group)) backlog(p, x.log.committed(x.processor_group, p));
  }

  void add_gauges(RunContext& ctx) {
    Experiment* x = x_.get();
    ctx.recorder().add_gauge("consumer_lag", [this, x] {
      double lag = 0;
      for (int p : x->log.group_partitions(x->consumer_group))
        lag += double(std::max<Offset>(0, x->log.current_log(p).high_watermark() - position(*x, p)));
      for (const auto& buffer : x->push_buffers) lag += double(buffer.size());
      max_lag_ = std::max(max_lag_, lag);
      return lag;
    });
    ctx.recorder().add_gauge("isr_min", [this, x] {
      double m = 1e9;
      for (const log_service::PartitionMeta& pm : x->log.metadata()) m = std::min(m, double(pm.isr.size()));
      min_isr_ = std::min(min_isr_, m);
      return m;
    });
    ctx.recorder().add_gauge("processed_per_s", [this, x] {
      const double now = sg4::Engine::get_clock();
      const auto total = double(x->ledger.first_processings());
      const double rate = now > last_sample_ ? (total - last_processed_) / (now - last_sample_) : 0.0;
      last_processed_ = total;
      last_sample_ = now;
      return rate;
    });
  }

  std::unique_ptr<Experiment> x_;
  Experiment* x_raw_ = nullptr;  // for the metric table (read after finish)
  DeliveryLedger::Summary summary_;
  double unavailable_ = 0.0, sent_ = 0.0;
  double max_lag_ = 0.0;
  double min_isr_ = 1e9;
  double last_processed_ = 0.0, last_sample_ = 0.0;
};

const ModelRegistration registration{[] { return std::make_unique<MessageQueueModel>(); }};

}  // namespace
}  // namespace sdsim::message_queue
