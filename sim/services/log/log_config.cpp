#include "sim/services/log/log_config.hpp"

namespace sdsim::log_service {
namespace {
constexpr double kInf = 1e18;
std::string at(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }
}  // namespace

std::vector<int> Topic::ids() const {
  std::vector<int> v;
  for (int p = first; p < first + partitions; ++p) v.push_back(p);
  return v;
}

std::vector<ParamSpec> broker_param_specs() {
  ParamSpec flush{"flush", ParamType::Group, "", "when a broker forces its log to disk"};
  flush.children = {
      {"policy", ParamType::Choice, "os", "every: each append; interval: every flush.interval; os: page cache written back after flush.os_age (Kafka default: the OS)", 0, 0, {"every", "interval", "os"}},
      {"interval", ParamType::Duration, "1s", "policy interval: time between flushes", 0.001, kInf},
      {"os_age", ParamType::Duration, "30s", "policy os: age at which dirty pages are written (Linux dirty_expire)", 0.001, kInf},
  };
  return {
      {"brokers", ParamType::Int, "3", "broker hosts (role 'broker')", 1, 1000},
      {"replication_factor", ParamType::Int, "3", "replicas per partition (at most brokers)", 1, 1000},
      {"min_insync_replicas", ParamType::Int, "1", "acks=all writes fail when the ISR is smaller (Kafka default)", 1, 1000},
      {"unclean_leader_election", ParamType::Bool, "false", "elect an out-of-sync replica rather than stay offline (Kafka default false)"},
      {"replica_lag_time_max", ParamType::Duration, "30s", "a follower not caught up for this long leaves the ISR (Kafka default)", 0.001, kInf},
      {"replica_fetch_wait_max", ParamType::Duration, "500ms", "a follower's fetch waits this long for replica_fetch_min_bytes (Kafka default)", 0, kInf},
      {"replica_fetch_min_bytes", ParamType::Size, "1B", "a follower's fetch returns once this much is there (Kafka default)", 0, kInf},
      {"broker_session_timeout", ParamType::Duration, "9s", "the controller declares a broker dead after this silence (KRaft default)", 0.001, kInf},
      {"broker_heartbeat_interval", ParamType::Duration, "2s", "broker heartbeats to the controller (KRaft default)", 0.001, kInf},
      flush,
  };
}

std::vector<ParamSpec> producer_param_specs() {
  return {
      {"acks", ParamType::Choice, "all", "0: fire and forget, 1: the leader's append, all: every ISR member (Kafka 3 default all)", 0, 0, {"0", "1", "all"}},
      {"retries", ParamType::Int, "2147483647", "retries of a failed batch within delivery_timeout (Kafka default)", 0, 2147483647},
      {"retry_backoff", ParamType::Duration, "100ms", "wait before retrying a batch (Kafka default)", 0, kInf},
      {"delivery_timeout", ParamType::Duration, "120s", "a batch not acknowledged by then fails (Kafka default)", 0.001, kInf},
      {"request_timeout", ParamType::Duration, "30s", "a produce request without reply by then is retried (Kafka default)", 0.001, kInf},
      {"batch_size", ParamType::Size, "16KiB", "bytes of one partition's batch (Kafka default)", 1, kInf},
      {"linger", ParamType::Duration, "5ms", "wait for more records before sending (Kafka 4 default)", 0, kInf},
      {"max_in_flight", ParamType::Int, "5", "unacknowledged requests per broker (Kafka default)", 1, 1000},
      {"idempotent", ParamType::Bool, "true", "producer id + sequence numbers: the broker drops retried duplicates (Kafka 3 default)"},
  };
}

std::vector<ParamSpec> consumer_param_specs() {
  return {
      {"max_poll_records", ParamType::Int, "500", "records per fetch (Kafka default)", 1, 1e9},
      {"fetch_max_wait", ParamType::Duration, "500ms", "a fetch with nothing to return waits this long (Kafka default)", 0, kInf},
      {"session_timeout", ParamType::Duration, "45s", "a member silent this long leaves the group (Kafka default)", 0.001, kInf},
      {"heartbeat_interval", ParamType::Duration, "3s", "member heartbeats (Kafka default)", 0.001, kInf},
      {"read_committed", ParamType::Bool, "false", "skip aborted and open transactions (Kafka default read_uncommitted)"},
  };
}

BrokerConfig read_broker_config(const ParamValues& p, const std::string& prefix) {
  BrokerConfig c;
  c.brokers = static_cast<int>(p.integer(at(prefix, "brokers")));
  c.replication_factor = static_cast<int>(p.integer(at(prefix, "replication_factor")));
  c.min_insync_replicas = static_cast<int>(p.integer(at(prefix, "min_insync_replicas")));
  c.unclean_leader_election = p.flag(at(prefix, "unclean_leader_election"));
  c.replica_lag_time_max = p.number(at(prefix, "replica_lag_time_max"));
  c.replica_fetch_wait_max = p.number(at(prefix, "replica_fetch_wait_max"));
  c.replica_fetch_min_bytes = p.number(at(prefix, "replica_fetch_min_bytes"));
  c.broker_session_timeout = p.number(at(prefix, "broker_session_timeout"));
  c.broker_heartbeat_interval = p.number(at(prefix, "broker_heartbeat_interval"));
  const std::string& flush = p.text(at(prefix, "flush.policy"));
  c.flush = flush == "every" ? FlushPolicy::Every : flush == "interval" ? FlushPolicy::Interval : FlushPolicy::Os;
  c.flush_interval = p.number(at(prefix, "flush.interval"));
  c.os_flush_interval = p.number(at(prefix, "flush.os_age"));
  return c;
}

ProducerConfig read_producer_config(const ParamValues& p, const std::string& prefix) {
  ProducerConfig c;
  const std::string& acks = p.text(at(prefix, "acks"));
  c.acks = acks == "0" ? Acks::None : acks == "1" ? Acks::Leader : Acks::All;
  c.retries = static_cast<int>(p.integer(at(prefix, "retries")));
  c.retry_backoff = p.number(at(prefix, "retry_backoff"));
  c.delivery_timeout = p.number(at(prefix, "delivery_timeout"));
  c.request_timeout = p.number(at(prefix, "request_timeout"));
  c.batch_size = p.number(at(prefix, "batch_size"));
  c.linger = p.number(at(prefix, "linger"));
  c.max_in_flight = static_cast<int>(p.integer(at(prefix, "max_in_flight")));
  c.idempotent = p.flag(at(prefix, "idempotent"));
  return c;
}

ConsumerConfig read_consumer_config(const ParamValues& p, const std::string& prefix) {
  ConsumerConfig c;
  c.max_poll_records = static_cast<int>(p.integer(at(prefix, "max_poll_records")));
  c.fetch_max_wait = p.number(at(prefix, "fetch_max_wait"));
  c.session_timeout = p.number(at(prefix, "session_timeout"));
  c.heartbeat_interval = p.number(at(prefix, "heartbeat_interval"));
  c.read_committed = p.flag(at(prefix, "read_committed"));
  return c;
}

}  // namespace sdsim::log_service
