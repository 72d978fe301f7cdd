// The log service's settings, named and defaulted as Kafka names and defaults them (broker,
// producer and consumer configs), plus the topics a model creates.
#pragma once

#include <string>
#include <vector>

#include "sim/core/param_table.hpp"
#include "sim/services/log/protocol.hpp"

namespace sdsim::log_service {

enum class FlushPolicy { Every, Interval, Os };

// Values and defaults come from the tables below (broker_params() ...): one declaration each.
struct FlushConfig {
  FlushPolicy policy{};
  double interval{};  // s (policy interval)
  double os_age{};    // s (policy os: the page cache's write-back age)
};

struct BrokerConfig {
  int brokers{};
  int replication_factor{};
  int min_insync_replicas{};
  bool unclean_leader_election{};
  double replica_lag_time_max{};           // s
  double replica_fetch_wait_max{};         // s
  double replica_fetch_min_bytes{};        // B
  int replica_fetch_max_records = 100000;  // not a setting: Kafka's fetch is bounded by bytes
  double broker_session_timeout{};         // s
  double broker_heartbeat_interval{};      // s
  double transaction_cleanup_interval{};   // s
  FlushConfig flush;
};

struct ProducerConfig {
  Acks acks{};
  int retries{};
  double retry_backoff{};     // s
  double delivery_timeout{};  // s
  double request_timeout{};   // s
  double metadata_max_age{};  // s
  double batch_size{};        // B
  double linger{};            // s
  int max_in_flight{};        // per broker
  bool idempotent{};
  double transaction_timeout{};  // s (transactional producers)
  double record_bytes = 1000;    // B: the size of each record it sends (set by the application)
};

struct ConsumerConfig {
  int max_poll_records{};
  double fetch_max_wait{};      // s
  double session_timeout{};     // s
  double heartbeat_interval{};  // s
  bool read_committed{};
};

// A topic: partitions [first, first + partitions) of the cluster's partition space.
struct Topic {
  std::string name;
  int first = 0;
  int partitions = 1;
  std::vector<int> ids() const;
};

// The three configs' parameter tables (names as Kafka's, with underscores; Kafka's defaults).
const ParamTable<BrokerConfig>& broker_params();
const ParamTable<ProducerConfig>& producer_params();
const ParamTable<ConsumerConfig>& consumer_params();

}  // namespace sdsim::log_service
