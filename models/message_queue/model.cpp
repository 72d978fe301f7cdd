// The message queue model's registration: builds the log service and the applications around
// it (producers, consumers, the exactly-once pipeline) on the platform. See README.md.
#include "models/message_queue/model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/message_queue/checker.hpp"
#include "models/message_queue/services/consumer.hpp"
#include "models/message_queue/services/processor.hpp"
#include "models/message_queue/services/producer.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {

std::string MessageQueueModel::summary() const {
  return "Kafka-like replicated partitioned log: acks, ISR, leader election, idempotent producers, consumer groups";
}
std::string MessageQueueModel::description() const {
  return R"(Brokers (role 'broker') hold the replicas of a topic's partitions; each partition
has a leader and followers that fetch from it. A follower stays in the in-sync replica set
(ISR) while it has caught up within replica_lag_time_max; the high watermark is the offset
every ISR member has, and consumers never read past it. A controller (role 'controller', its
own host) tracks brokers by heartbeat and elects leaders from the ISR. Producers (role
'producer', workload.clients of them, at workload.rate in all) batch records per partition
and write with acks 0/1/all; an idempotent producer's retries are de-duplicated by the
leader. Producers refresh their metadata after a disconnection or a timed-out request and
every metadata_max_age; acks=all fails with not-enough-replicas (before or after the append)
while the ISR is below min_insync_replicas. A consumer group (role 'consumer') pulls and commits offsets before or after
processing; in push mode the brokers push to bounded consumer buffers.

With consumer.commit: transactional (exactly-once) the producers write an input topic, the
'consumer' hosts run read-process-write processors that write each fetched batch to an output
topic inside a transaction (idempotent, transactional producer, acks=all) and commit the input
offsets with it; a restarted processor aborts its open transaction and resumes from the
committed offsets; the coordinator aborts a transaction left open for transaction_timeout
(checked every transaction_cleanup_interval). read_committed readers (role 'reader', one per
processor; read_committed: false makes them read_uncommitted) consume the output topic, and
their processing is what the ledger counts. Producers must be idempotent.

The delivery ledger follows each message: created -> send attempts -> acknowledged ->
appended -> processed -> committed. messages.lost counts messages that were acknowledged (or
sent with acks=0) and never processed, and are not still waiting in a live leader's log or in
the batch a live consumer is processing (messages.pending); what only a down broker holds at
the end is lost, and counted apart as messages.unavailable_at_end when it is in that broker's
flushed log. messages.duplicated counts those processed more than once; messages.reordered
first processings out of their producer's order within a partition. requests.csv has one row
per message (op produce: start = creation, end = acknowledgement, failure, or for acks=0 the
send; end >= start always, messages.before_created checks it). workload.requests is refused.

The load runs for workload.duration; consumers go on for workload.drain (default 20 s) more, then the run ends.
Messages and bytes are SI; latency metrics are in seconds.)";
}

std::vector<RoleRequest> MessageQueueModel::roles(const ParamValues& p, const WorkloadSpec& load) const {
  const Config c = read_config(p);
  std::vector<RoleRequest> r{{"broker", c.brokers.brokers}, {"controller", 1}, {"producer", load.clients},
                             {"consumer", c.consumer.members * c.consumer.groups}};
  if (c.pipeline) r.push_back({"reader", c.consumer.members});
  return r;
}

std::string MessageQueueModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 3);
}



void MessageQueueModel::check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const {
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
  if (c.consumer.groups > 1 && (c.consumer.push || c.consumer.commit == CommitPolicy::Transactional))
    diags.error(p.where("consumer.groups"), "params.consumer.groups",
                "several consumer groups need consumer.mode: pull and commit: before or after");
  if (load.requests > 0)
    diags.error(load.loc, "workload.requests",
                "the message queue's producers create messages for workload.duration; a request "
                "count is not "
                "supported (remove workload.requests)");
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration", "the message queue needs a load duration (duration: T)");
}

void MessageQueueModel::setup(RunContext& ctx) {
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
  for (int g = 1; g < cfg.consumer.groups; ++g) {
    x.other_groups.push_back(x.log.add_group(fmt::format("consumers-{}", g), *x.input, session));
    x.other_ledgers.emplace_back();
  }
  x.log.on_append([&x](const log_service::RecordBatch& b) {
    x.each_ledger([&b](DeliveryLedger& l) {
      for (RecordId id : b.ids) l.appended(id);
    });
  });
  x.log.start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
  x.in_progress.resize(std::size_t(cfg.consumer.members * cfg.consumer.groups));
  for (int i = 0; i < ctx.workload().clients; ++i) start_producer(x, i);
  if (cfg.consumer.push) start_push_consumers(x);
  for (int i = 0; i < cfg.consumer.members && !cfg.consumer.push; ++i) {
    if (cfg.pipeline) {
      start_processor(x, i);
      start_pull_consumer(x, i, "reader");
    } else {
      for (int g = 0; g < cfg.consumer.groups; ++g) start_pull_consumer(x, g * cfg.consumer.members + i, "consumer", g);
    }
  }
  add_gauges(ctx);
  // The run (sim/run's timeline) ends workload.drain after the load: consumers go on till then.
}

void MessageQueueModel::add_gauges(RunContext& ctx) {
  Experiment* x = x_.get();
  ctx.recorder().add_gauge("consumer_lag", [this, x] {
    double lag = 0;
    for (int p : x->log.group_partitions(x->consumer_group))
      lag += double(std::max<Offset>(0, x->log.current_log(p).high_watermark() - consumer_position(*x, p)));
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

const ModelRegistration registration{[] { return std::make_unique<MessageQueueModel>(); }};

}  // namespace sdsim::message_queue
