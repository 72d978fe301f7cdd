#include "sim/services/log/log_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::log_service {

std::vector<int> Topic::ids() const {
  std::vector<int> v;
  for (int p = first; p < first + partitions; ++p) v.push_back(p);
  return v;
}

const ParamTable<BrokerConfig>& broker_params() {
  static const ParamTable<BrokerConfig> t = [] {
    ParamTable<FlushConfig> flush;
    flush
        .choice("policy", &FlushConfig::policy, "os",
                "every: each append; interval: every flush.interval; os: page cache written back "
                "after flush.os_age "
                "(Kafka default: the OS)",
                {{"every", FlushPolicy::Every},
                 {"interval", FlushPolicy::Interval},
                 {"os", FlushPolicy::Os}})
        .duration("interval", &FlushConfig::interval, "1s", "policy interval: time between flushes",
                  0.001)
        .duration("os_age", &FlushConfig::os_age, "30s",
                  "policy os: age at which dirty pages are written (Linux dirty_expire)", 0.001);
    ParamTable<BrokerConfig> b;
    b.integer("brokers", &BrokerConfig::brokers, "3", "broker hosts (role 'broker')", 1, 1000)
        .integer("replication_factor", &BrokerConfig::replication_factor, "3",
                 "replicas per partition (at most brokers)", 1, 1000)
        .integer("min_insync_replicas", &BrokerConfig::min_insync_replicas, "1",
                 "acks=all writes fail when the ISR is smaller (Kafka default)", 1, 1000)
        .flag("unclean_leader_election", &BrokerConfig::unclean_leader_election, "false",
              "elect an out-of-sync replica rather than stay offline (Kafka default false)")
        .duration("replica_lag_time_max", &BrokerConfig::replica_lag_time_max, "30s",
                  "a follower not caught up for this long leaves the ISR (Kafka default)", 0.001)
        .duration("replica_fetch_wait_max", &BrokerConfig::replica_fetch_wait_max, "500ms",
                  "a follower's fetch waits this long for replica_fetch_min_bytes (Kafka default)")
        .size("replica_fetch_min_bytes", &BrokerConfig::replica_fetch_min_bytes, "1B",
              "a follower's fetch returns once this much is there (Kafka default)")
        .duration("broker_session_timeout", &BrokerConfig::broker_session_timeout, "9s",
                  "the controller declares a broker dead after this silence (KRaft default)", 0.001)
        .duration("broker_heartbeat_interval", &BrokerConfig::broker_heartbeat_interval, "2s",
                  "broker heartbeats to the controller (KRaft default)", 0.001)
        .duration("transaction_cleanup_interval", &BrokerConfig::transaction_cleanup_interval,
                  "10s",
                  "the transaction coordinator looks for timed-out transactions this often, so an "
                  "abort lands up to "
                  "this long after the timeout (Kafka's "
                  "transaction.abort.timed.out.transaction.cleanup.interval.ms, default 10 s)",
                  0.001)
        .group("flush", "when a broker forces its log to disk", &BrokerConfig::flush, flush);
    return b;
  }();
  return t;
}

const ParamTable<ProducerConfig>& producer_params() {
  static const ParamTable<ProducerConfig> t = [] {
    ParamTable<ProducerConfig> p;
    p.choice(
         "acks", &ProducerConfig::acks, "all",
         "0: fire and forget, 1: the leader's append, all: every ISR member (Kafka 3 default all)",
         {{"0", Acks::None}, {"1", Acks::Leader}, {"all", Acks::All}})
        .integer("retries", &ProducerConfig::retries, "2147483647",
                 "retries of a failed batch within delivery_timeout (Kafka default)", 0, 2147483647)
        .duration("retry_backoff", &ProducerConfig::retry_backoff, "100ms",
                  "wait before retrying a batch (Kafka default)")
        .duration("delivery_timeout", &ProducerConfig::delivery_timeout, "120s",
                  "a batch not acknowledged by then fails (Kafka default)", 0.001)
        .duration("request_timeout", &ProducerConfig::request_timeout, "30s",
                  "a produce request without reply by then is retried (Kafka default)", 0.001)
        .duration(
            "metadata_max_age", &ProducerConfig::metadata_max_age, "300s",
            "the producer refreshes its metadata this often even without errors; it also refreshes "
            "on a "
            "disconnection or a timed-out request (Kafka's metadata.max.age.ms, default 5 min)",
            0.001)
        .size("batch_size", &ProducerConfig::batch_size, "16KiB",
              "bytes of one partition's batch (Kafka default)", 1)
        .duration("linger", &ProducerConfig::linger, "5ms",
                  "wait for more records before sending (Kafka 4 default)")
        .integer("max_in_flight", &ProducerConfig::max_in_flight, "5",
                 "unacknowledged requests per broker (Kafka default)", 1, 1000)
        .flag(
            "idempotent", &ProducerConfig::idempotent, "true",
            "producer id + sequence numbers: the broker drops retried duplicates (Kafka 3 default)")
        .duration("transaction_timeout", &ProducerConfig::transaction_timeout, "60s",
                  "transactional producers: the coordinator aborts a transaction open longer than "
                  "this (Kafka's "
                  "transaction.timeout.ms, default 1 min)",
                  0.001);
    return p;
  }();
  return t;
}

const ParamTable<ConsumerConfig>& consumer_params() {
  static const ParamTable<ConsumerConfig> t = [] {
    ParamTable<ConsumerConfig> c;
    c.integer("max_poll_records", &ConsumerConfig::max_poll_records, "500",
              "records one poll returns over all the member's partitions, also each leader's fetch "
              "limit "
              "(Kafka's max.poll.records, default 500)",
              1, 1e9)
        .duration("fetch_max_wait", &ConsumerConfig::fetch_max_wait, "500ms",
                  "a fetch with nothing to return waits this long (Kafka default)")
        .duration("session_timeout", &ConsumerConfig::session_timeout, "45s",
                  "a member silent this long leaves the group (Kafka default)", 0.001)
        .duration("heartbeat_interval", &ConsumerConfig::heartbeat_interval, "3s",
                  "member heartbeats (Kafka default)", 0.001)
        .flag("read_committed", &ConsumerConfig::read_committed, "false",
              "skip aborted and open transactions (Kafka default read_uncommitted)");
    return c;
  }();
  return t;
}

}  // namespace sdsim::log_service

// `sdsim describe service log_broker`
static const sdsim::ServiceParamsRegistration log_broker_registration{
    "log_broker", "Kafka-like broker of the replicated log (sim/services/log)",
    &sdsim::log_service::broker_params};

// `sdsim describe service log_producer`
static const sdsim::ServiceParamsRegistration log_producer_registration{
    "log_producer", "Kafka-like producer client (sim/services/log)",
    &sdsim::log_service::producer_params};

// `sdsim describe service log_consumer`
static const sdsim::ServiceParamsRegistration log_consumer_registration{
    "log_consumer", "Kafka-like consumer group client (sim/services/log)",
    &sdsim::log_service::consumer_params};
