// The message queue model: a Kafka-like replicated, partitioned log. Brokers hold partition
// replicas, a controller elects leaders from the in-sync replicas, producers write with
// acks 0/1/all (optionally idempotent), consumer groups pull (or brokers push), and the
// delivery ledger follows every message to say what was lost, duplicated or reordered.
// See models/message_queue/README.md.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/message_queue/broker.hpp"
#include "models/message_queue/cluster.hpp"
#include "models/message_queue/consumer.hpp"
#include "models/message_queue/controller.hpp"
#include "models/message_queue/processor.hpp"
#include "models/message_queue/producer.hpp"
#include "sim/model/model.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {
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

The load runs for workload.duration; consumers go on for `drain` more, then the run ends.
Messages and bytes are SI; latency metrics are in seconds.)";
  }

  std::vector<ParamSpec> params() const override { return param_specs(); }

  std::vector<MetricSpec> metrics() const override {
    return {
        {"messages.produced", "", "messages created by producers"},
        {"messages.acked", "", "messages acknowledged to their producer"},
        {"messages.failed", "", "messages their producer gave up on"},
        {"messages.processed", "", "messages processed at least once"},
        {"messages.lost", "", "acknowledged (or sent with acks=0) and never processed, not pending"},
        {"messages.lost_acked", "", "of messages.lost, the acknowledged ones"},
        {"messages.duplicated", "", "messages processed more than once"},
        {"messages.reordered", "", "first processings after a later message of the same producer and partition"},
        {"messages.pending", "", "not processed yet but still in a log past the consumer's position at the end"},
        {"e2e_latency.p50", "s", "creation -> first processing, median"},
        {"e2e_latency.p99", "s", "creation -> first processing, 99th percentile"},
        {"e2e_latency.max", "s", "creation -> first processing, maximum"},
        {"produce_latency.p50", "s", "creation -> acknowledgement, median"},
        {"produce_latency.p99", "s", "creation -> acknowledgement, 99th percentile"},
        {"consumer_lag.max", "", "largest sampled sum over partitions of high watermark - consumer position"},
        {"produce.unavailable_time", "s", "time during which some producer's latest attempt had failed"},
        {"broker.bytes_replicated", "B", "bytes followers fetched from leaders"},
        {"leader_elections", "", "leader elections by the controller"},
        {"isr.shrinks", "", "ISR shrinks committed by the controller"},
        {"isr.expands", "", "ISR expansions committed by the controller"},
        {"isr.min", "", "smallest ISR size sampled over all partitions"},
        {"rebalances", "", "consumer group rebalances"},
        {"push.dropped", "", "push mode: records dropped by full consumer buffers"},
        {"txn.commits", "", "transactions committed"},
        {"txn.aborts", "", "transactions aborted"},
        {"network.messages", "", "simulated network messages sent by the model"},
        {"network.messages_per_message", "", "network.messages / messages.produced"},
    };
  }

  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override {
    std::vector<RoleRequest> r{{"broker", int(p.integer("brokers"))}, {"controller", 1}, {"producer", load.clients},
                               {"consumer", int(p.integer("consumer.members"))}};
    if (p.text("consumer.commit") == "transactional") r.push_back({"reader", int(p.integer("consumer.members"))});
    return r;
  }

  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override {
    int hosts = int(p.integer("brokers")) + 1 + load.clients + int(p.integer("consumer.members"));
    if (p.text("consumer.commit") == "transactional") hosts += int(p.integer("consumer.members"));
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

  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override {
    if (p.integer("replication_factor") > p.integer("brokers"))
      diags.error(Location{}, "params.replication_factor", "cannot exceed params.brokers");
    if (p.integer("min_insync_replicas") > p.integer("replication_factor"))
      diags.error(Location{}, "params.min_insync_replicas", "cannot exceed params.replication_factor");
    if (p.flag("producer.idempotent") && p.text("producer.acks") != "all")
      diags.error(Location{}, "params.producer.idempotent",
                  "an idempotent producer needs acks: all (as in Kafka); set idempotent: false");
    if (p.text("consumer.commit") == "transactional") {
      if (p.text("consumer.mode") == "push")
        diags.error(Location{}, "params.consumer.commit", "transactional needs consumer.mode: pull");
      if (!p.flag("producer.idempotent"))
        diags.error(Location{}, "params.consumer.commit",
                    "transactional (exactly-once) needs an idempotent producer: a retried duplicate in the input "
                    "topic would be processed twice");
    }
    if (load.duration <= 0)
      diags.error(Location{}, "workload.duration", "the message queue needs a load duration (duration: T)");
  }

  void setup(RunContext& ctx) override {
    cluster_ = std::make_unique<Cluster>(read_config(ctx.params()), ctx.net(), ctx);
    Cluster& c = *cluster_;
    Net& net = ctx.net();
    c.load_end = ctx.workload().duration;
    c.run_end = c.load_end + c.cfg.drain;
    for (int b = 0; b < c.cfg.brokers; ++b) {
      const std::string name = fmt::format("broker-{}", b);
      net.register_service(name, ctx.hosts_with_role("broker").at(b));
      c.brokers.push_back(&net.service(name));
      auto store = std::make_shared<BrokerStore>();
      store->logs.resize(c.partitions());
      c.stores.push_back(store);
    }
    net.register_service("controller", ctx.hosts_with_role("controller").front());
    c.controller = &net.service("controller");
    c.pushed.assign(c.partitions(), 0);
    c.controller_state = start_controller(c);
    for (int b = 0; b < c.cfg.brokers; ++b) start_broker(c, b);
    for (int i = 0; i < ctx.workload().clients; ++i) start_producer(c, i);
    for (int i = 0; i < c.cfg.consumer.members; ++i) {
      if (c.cfg.consumer.push) {
        const std::string name = fmt::format("consumer-{}", i);
        net.register_service(name, ctx.hosts_with_role("consumer").at(i));
        c.consumers.push_back(&net.service(name));
      }
    }
    c.push_buffers.resize(c.cfg.consumer.members);
    for (int i = 0; i < c.cfg.consumer.members; ++i) {
      if (c.cfg.consumer.push) start_push_consumer(c, i);
      else if (c.cfg.pipeline) {
        start_processor(c, i);
        start_pull_consumer(c, i, "reader");
      } else start_pull_consumer(c, i);
    }
    add_gauges(ctx);
    // The run ends `drain` after the load: the one non-daemon actor.
    const double end = c.run_end;
    sg4::Actor::create("mq/driver", ctx.host(ctx.hosts_with_role("controller").front()),
                       [end] { sg4::this_actor::sleep_until(end); });
  }

  void finish(RunContext& ctx) override {
    Cluster& c = *cluster_;
    mark_pending(c);
    const auto s = c.ledger.summarize();
    Recorder& rec = ctx.recorder();
    rec.set_metric("messages.produced", double(s.produced));
    rec.set_metric("messages.acked", double(s.acked));
    rec.set_metric("messages.failed", double(s.failed));
    rec.set_metric("messages.processed", double(s.processed));
    rec.set_metric("messages.lost", double(s.lost));
    rec.set_metric("messages.lost_acked", double(s.lost_acked));
    rec.set_metric("messages.duplicated", double(s.duplicated));
    rec.set_metric("messages.reordered", double(s.reordered));
    rec.set_metric("messages.pending", double(s.pending));
    rec.set_metric("e2e_latency.p50", s.e2e.quantile(0.5));
    rec.set_metric("e2e_latency.p99", s.e2e.quantile(0.99));
    rec.set_metric("e2e_latency.max", s.e2e.max());
    rec.set_metric("produce_latency.p50", s.produce.quantile(0.5));
    rec.set_metric("produce_latency.p99", s.produce.quantile(0.99));
    rec.set_metric("consumer_lag.max", max_lag_);
    double unavailable = c.stats.unavailable_time;
    if (c.stats.failing_producers > 0) unavailable += c.now() - c.stats.failing_since;
    rec.set_metric("produce.unavailable_time", unavailable);
    rec.set_metric("broker.bytes_replicated", c.stats.bytes_replicated);
    rec.set_metric("leader_elections", double(c.stats.elections));
    rec.set_metric("isr.shrinks", double(c.stats.isr_shrinks));
    rec.set_metric("isr.expands", double(c.stats.isr_expands));
    rec.set_metric("isr.min", min_isr_);
    rec.set_metric("rebalances", double(c.stats.rebalances));
    rec.set_metric("push.dropped", double(c.stats.push_dropped));
    rec.set_metric("txn.commits", double(c.stats.txn_commits));
    rec.set_metric("txn.aborts", double(c.stats.txn_aborts));
    rec.set_metric("network.messages", double(c.stats.net_messages));
    rec.set_metric("network.messages_per_message", s.produced ? double(c.stats.net_messages) / double(s.produced) : 0.0);
  }

 private:
  // The log a partition is read from now: its leader's, or the longest replica's when offline.
  static const ReplicaLog& current_log(const Cluster& c, int p) {
    const int leader = c.controller_state->partitions[p].leader;
    if (leader >= 0) return c.stores[leader]->logs[p];
    const ReplicaLog* best = &c.stores[c.replicas(p).front()]->logs[p];
    for (int r : c.replicas(p))
      if (c.stores[r]->logs[p].log_end() > best->log_end()) best = &c.stores[r]->logs[p];
    return *best;
  }

  // Consumer position: where a consumer of partition p would go on from.
  static Offset position(const Cluster& c, int p) {
    if (c.cfg.consumer.push) return c.pushed[p];
    return c.controller_state->groups[0].committed(p);
  }

  // Messages still in a log past the consumer's position (or in a push buffer) are a
  // backlog, not a loss.
  static void mark_pending(Cluster& c) {
    for (int p : c.controller_state->groups[0].partitions()) {
      const ReplicaLog& log = current_log(c, p);
      for (const RecordBatch& b : log.read(position(c, p), log.log_end(), std::size_t(-1)))
        for (MessageId id : b.ids) c.ledger.pending(id);
    }
    for (const auto& buffer : c.push_buffers)
      for (MessageId id : buffer) c.ledger.pending(id);
    if (c.cfg.pipeline)  // messages still in the input topic past the processors' offsets
      for (int p : c.controller_state->groups[1].partitions()) {
        const ReplicaLog& log = current_log(c, p);
        for (const RecordBatch& b : log.read(c.controller_state->groups[1].committed(p), log.log_end(), std::size_t(-1)))
          for (MessageId id : b.ids) c.ledger.pending(id);
      }
  }

  void add_gauges(RunContext& ctx) {
    Cluster* c = cluster_.get();
    ctx.recorder().add_gauge("consumer_lag", [this, c] {
      double lag = 0;
      for (int p : c->controller_state->groups[0].partitions())
        lag += double(std::max<Offset>(0, current_log(*c, p).high_watermark() - position(*c, p)));
      for (const auto& buffer : c->push_buffers) lag += double(buffer.size());
      max_lag_ = std::max(max_lag_, lag);
      return lag;
    });
    ctx.recorder().add_gauge("isr_min", [this, c] {
      double m = 1e9;
      for (const PartitionMeta& pm : c->controller_state->partitions) m = std::min(m, double(pm.isr.size()));
      min_isr_ = std::min(min_isr_, m);
      return m;
    });
    ctx.recorder().add_gauge("processed_per_s", [this, c] {
      const double now = c->now();
      const auto total = double(processed_count(*c));
      const double rate = now > last_sample_ ? (total - last_processed_) / (now - last_sample_) : 0.0;
      last_processed_ = total;
      last_sample_ = now;
      return rate;
    });
  }

  static std::uint64_t processed_count(const Cluster& c) { return c.ledger.first_processings(); }

  std::unique_ptr<Cluster> cluster_;
  double max_lag_ = 0.0;
  double min_isr_ = 1e9;
  double last_processed_ = 0.0, last_sample_ = 0.0;
};

const ModelRegistration registration{[] { return std::make_unique<MessageQueueModel>(); }};

}  // namespace
}  // namespace sdsim::mq
