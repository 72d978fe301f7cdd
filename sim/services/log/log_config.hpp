// The log service's settings, named and defaulted as Kafka names and defaults them (broker,
// producer and consumer configs), plus the topics a model creates.
#pragma once

#include <string>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/services/log/protocol.hpp"

namespace sdsim::log_service {

enum class FlushPolicy { Every, Interval, Os };

struct BrokerConfig {
  int brokers = 3;
  int replication_factor = 3;
  int min_insync_replicas = 1;
  bool unclean_leader_election = false;
  double replica_lag_time_max = 30.0;     // s
  double replica_fetch_wait_max = 0.5;    // s
  double replica_fetch_min_bytes = 1;     // B
  int replica_fetch_max_records = 100000;
  FlushPolicy flush = FlushPolicy::Os;
  double flush_interval = 1.0;            // s (policy interval)
  double os_flush_interval = 30.0;        // s (policy os: the page cache's write-back age)
  double broker_session_timeout = 9.0;    // s
  double broker_heartbeat_interval = 2.0; // s
};

struct ProducerConfig {
  Acks acks = Acks::All;
  int retries = 2147483647;
  double retry_backoff = 0.1;        // s
  double delivery_timeout = 120.0;   // s
  double request_timeout = 30.0;     // s
  double batch_size = 16384;         // B
  double linger = 0.005;             // s
  int max_in_flight = 5;             // per broker
  bool idempotent = true;
  double record_bytes = 1000;        // B: the simulated size of each record it sends
};

struct ConsumerConfig {
  int max_poll_records = 500;
  double fetch_max_wait = 0.5;       // s
  double session_timeout = 45.0;     // s
  double heartbeat_interval = 3.0;   // s
  bool read_committed = false;
};

// A topic: partitions [first, first + partitions) of the cluster's partition space.
struct Topic {
  std::string name;
  int first = 0;
  int partitions = 1;
  std::vector<int> ids() const;
};

// Parameter schemas of the three configs (names as Kafka's, with underscores), and readers.
// `prefix` is where the group sits in a model's params ("" for top-level broker settings).
std::vector<ParamSpec> broker_param_specs();
std::vector<ParamSpec> producer_param_specs();
std::vector<ParamSpec> consumer_param_specs();
BrokerConfig read_broker_config(const ParamValues& p, const std::string& prefix = "");
ProducerConfig read_producer_config(const ParamValues& p, const std::string& prefix);
ConsumerConfig read_consumer_config(const ParamValues& p, const std::string& prefix);

}  // namespace sdsim::log_service
