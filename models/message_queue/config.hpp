// The message queue's parameters, read once from the scenario (names as in `sdsim describe
// message_queue`; defaults follow Kafka's where Kafka has one).
#pragma once

#include <string>
#include <vector>

#include "sim/core/params.hpp"

namespace sdsim { class ParamValues; struct WorkloadSpec; }

namespace sdsim::mq {

enum class Acks { None = 0, Leader = 1, All = -1 };
enum class CommitPolicy { Before, After, Transactional };
enum class FlushPolicy { Every, Interval, Os };

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
  bool transactional = false;        // only the read-process-write processor uses transactions
};

struct ConsumerConfig {
  bool push = false;
  CommitPolicy commit = CommitPolicy::After;
  int members = 2;
  int max_poll_records = 500;
  double fetch_max_wait = 0.5;       // s
  double session_timeout = 45.0;     // s
  double heartbeat_interval = 3.0;   // s
  double process_time = 0.0;         // s per message
  bool read_committed = false;
  int push_buffer = 1000;            // records a push consumer can hold
};

struct MqConfig {
  int brokers = 3;
  int partitions = 6;
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
  double message_size = 1000;             // B
  double drain = 20.0;                    // s after the load during which consumers go on
  // consumer.commit: transactional: the exactly-once read-process-write stage. The input
  // topic is partitions [0, P), the output topic [P, 2P) (see processor.hpp).
  bool pipeline = false;
  ProducerConfig producer;
  ConsumerConfig consumer;
  ProducerConfig processor;               // the pipeline stage's producer

  int partition_count_total() const { return pipeline ? 2 * partitions : partitions; }
};

std::vector<ParamSpec> param_specs();
MqConfig read_config(const ParamValues& p);

}  // namespace sdsim::mq
