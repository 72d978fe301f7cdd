#include "models/message_queue/config.hpp"

#include "sim/core/params.hpp"

namespace sdsim::mq {

std::vector<ParamSpec> param_specs() {
  const double inf = 1e18;
  ParamSpec producer{"producer", ParamType::Group, "", "producers (role 'producer', workload.clients of them)"};
  producer.children = {
      {"acks", ParamType::Choice, "all", "0: fire and forget, 1: the leader's append, all: every ISR member (Kafka 3 default all)", 0, 0, {"0", "1", "all"}},
      {"retries", ParamType::Int, "2147483647", "retries of a failed batch within delivery_timeout (Kafka default)", 0, 2147483647},
      {"retry_backoff", ParamType::Duration, "100ms", "wait before retrying a batch (Kafka default)", 0, inf},
      {"delivery_timeout", ParamType::Duration, "120s", "a batch not acknowledged by then fails (Kafka default)", 0.001, inf},
      {"request_timeout", ParamType::Duration, "30s", "a produce request without reply by then is retried (Kafka default)", 0.001, inf},
      {"batch_size", ParamType::Size, "16KiB", "bytes of one partition's batch (Kafka default)", 1, inf},
      {"linger", ParamType::Duration, "5ms", "wait for more records before sending (Kafka 4 default)", 0, inf},
      {"max_in_flight", ParamType::Int, "5", "unacknowledged requests per broker (Kafka default)", 1, 1000},
      {"idempotent", ParamType::Bool, "true", "producer id + sequence numbers: the broker drops retried duplicates (Kafka 3 default)"},
  };
  ParamSpec consumer{"consumer", ParamType::Group, "", "the consumer group (role 'consumer')"};
  consumer.children = {
      {"members", ParamType::Int, "2", "consumers in the group", 1, 10000},
      {"mode", ParamType::Choice, "pull", "pull: consumers fetch; push: brokers push committed records", 0, 0, {"pull", "push"}},
      {"commit", ParamType::Choice, "after", "commit offsets before processing (at-most-once), after (at-least-once), or transactional: the consumers become read-process-write processors writing to an output topic in transactions with their offsets, read by read_committed readers (role 'reader', exactly-once)", 0, 0, {"before", "after", "transactional"}},
      {"max_poll_records", ParamType::Int, "500", "records per fetch (Kafka default)", 1, 1e9},
      {"fetch_max_wait", ParamType::Duration, "500ms", "a fetch with nothing to return waits this long (Kafka default)", 0, inf},
      {"session_timeout", ParamType::Duration, "45s", "a member silent this long leaves the group (Kafka default)", 0.001, inf},
      {"heartbeat_interval", ParamType::Duration, "3s", "member heartbeats (Kafka default)", 0.001, inf},
      {"process_time", ParamType::Duration, "0s", "application time per message", 0, inf},
      {"read_committed", ParamType::Bool, "false", "skip aborted and open transactions (Kafka default read_uncommitted)"},
      {"push_buffer", ParamType::Int, "1000", "push mode: records a consumer can buffer; more are dropped", 1, 1e9},
  };
  ParamSpec flush{"flush", ParamType::Group, "", "when a broker forces its log to disk"};
  flush.children = {
      {"policy", ParamType::Choice, "os", "every: each append; interval: every flush.interval; os: page cache written back after flush.os_age (Kafka default: the OS)", 0, 0, {"every", "interval", "os"}},
      {"interval", ParamType::Duration, "1s", "policy interval: time between flushes", 0.001, inf},
      {"os_age", ParamType::Duration, "30s", "policy os: age at which dirty pages are written (Linux dirty_expire)", 0.001, inf},
  };
  return {
      {"brokers", ParamType::Int, "3", "broker hosts (role 'broker')", 1, 1000},
      {"partitions", ParamType::Int, "6", "partitions of the topic", 1, 100000},
      {"replication_factor", ParamType::Int, "3", "replicas per partition (at most brokers)", 1, 1000},
      {"min_insync_replicas", ParamType::Int, "1", "acks=all writes fail when the ISR is smaller (Kafka default)", 1, 1000},
      {"unclean_leader_election", ParamType::Bool, "false", "elect an out-of-sync replica rather than stay offline (Kafka default false)"},
      {"replica_lag_time_max", ParamType::Duration, "30s", "a follower not caught up for this long leaves the ISR (Kafka default)", 0.001, inf},
      {"replica_fetch_wait_max", ParamType::Duration, "500ms", "a follower's fetch waits this long for replica_fetch_min_bytes (Kafka default)", 0, inf},
      {"replica_fetch_min_bytes", ParamType::Size, "1B", "a follower's fetch returns once this much is there (Kafka default)", 0, inf},
      {"broker_session_timeout", ParamType::Duration, "9s", "the controller declares a broker dead after this silence (KRaft default)", 0.001, inf},
      {"broker_heartbeat_interval", ParamType::Duration, "2s", "broker heartbeats to the controller (KRaft default)", 0.001, inf},
      {"message_size", ParamType::Size, "1KB", "simulated size of one record", 1, inf},
      {"drain", ParamType::Duration, "20s", "after the load, how long consumers go on before the run ends", 0, inf},
      flush, producer, consumer,
  };
}

namespace {
ProducerConfig read_producer(const ParamValues& p) {
  ProducerConfig c;
  const std::string& acks = p.text("producer.acks");
  c.acks = acks == "0" ? Acks::None : acks == "1" ? Acks::Leader : Acks::All;
  c.retries = static_cast<int>(p.integer("producer.retries"));
  c.retry_backoff = p.number("producer.retry_backoff");
  c.delivery_timeout = p.number("producer.delivery_timeout");
  c.request_timeout = p.number("producer.request_timeout");
  c.batch_size = p.number("producer.batch_size");
  c.linger = p.number("producer.linger");
  c.max_in_flight = static_cast<int>(p.integer("producer.max_in_flight"));
  c.idempotent = p.flag("producer.idempotent");
  return c;
}
}  // namespace

MqConfig read_config(const ParamValues& p) {
  MqConfig c;
  c.brokers = static_cast<int>(p.integer("brokers"));
  c.partitions = static_cast<int>(p.integer("partitions"));
  c.replication_factor = static_cast<int>(p.integer("replication_factor"));
  c.min_insync_replicas = static_cast<int>(p.integer("min_insync_replicas"));
  c.unclean_leader_election = p.flag("unclean_leader_election");
  c.replica_lag_time_max = p.number("replica_lag_time_max");
  c.replica_fetch_wait_max = p.number("replica_fetch_wait_max");
  c.replica_fetch_min_bytes = p.number("replica_fetch_min_bytes");
  c.broker_session_timeout = p.number("broker_session_timeout");
  c.broker_heartbeat_interval = p.number("broker_heartbeat_interval");
  c.message_size = p.number("message_size");
  c.drain = p.number("drain");
  const std::string& flush = p.text("flush.policy");
  c.flush = flush == "every" ? FlushPolicy::Every : flush == "interval" ? FlushPolicy::Interval : FlushPolicy::Os;
  c.flush_interval = p.number("flush.interval");
  c.os_flush_interval = p.number("flush.os_age");
  c.producer = read_producer(p);
  c.processor = c.producer;
  c.processor.acks = Acks::All;
  c.processor.idempotent = true;
  c.processor.transactional = true;
  ConsumerConfig& k = c.consumer;
  k.members = static_cast<int>(p.integer("consumer.members"));
  k.push = p.text("consumer.mode") == "push";
  const std::string& commit = p.text("consumer.commit");
  k.commit = commit == "before" ? CommitPolicy::Before
             : commit == "transactional" ? CommitPolicy::Transactional : CommitPolicy::After;
  k.max_poll_records = static_cast<int>(p.integer("consumer.max_poll_records"));
  k.fetch_max_wait = p.number("consumer.fetch_max_wait");
  k.session_timeout = p.number("consumer.session_timeout");
  k.heartbeat_interval = p.number("consumer.heartbeat_interval");
  k.process_time = p.number("consumer.process_time");
  k.read_committed = p.flag("consumer.read_committed");
  k.push_buffer = static_cast<int>(p.integer("consumer.push_buffer"));
  if (k.commit == CommitPolicy::Transactional) {  // the exactly-once pipeline
    c.pipeline = true;
    k.read_committed = true;  // the output topic's readers
  }
  return c;
}

}  // namespace sdsim::mq
