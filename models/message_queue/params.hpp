// The message queue experiment's parameters: the log service's broker, producer and consumer
// settings (Kafka's names and defaults, sim/services/log/log_config.hpp) plus what the
// experiment itself decides: the topic, the record size, the consumer group and its delivery
// semantics. How long consumers go on after the load is workload.drain (default 20 s).
#pragma once

#include <vector>

#include "sim/core/params.hpp"
#include "sim/services/log/log_config.hpp"

namespace sdsim::message_queue {

enum class CommitPolicy { Before, After, Transactional };

struct ConsumerGroupConfig {
  log_service::ConsumerConfig client;
  bool push = false;
  CommitPolicy commit = CommitPolicy::After;
  int members = 2;
  double process_time = 0.0;         // s per message
  int push_buffer = 1000;            // records a push consumer can hold
};

struct Config {
  log_service::BrokerConfig brokers;
  int partitions = 6;
  double message_size = 1000;        // B
  log_service::ProducerConfig producer;
  ConsumerGroupConfig consumer;
  // consumer.commit: transactional: the exactly-once read-process-write stage; the
  // processors' transactional producer (acks=all, idempotent).
  bool pipeline = false;
  log_service::ProducerConfig processor;
};

std::vector<ParamSpec> param_specs();
Config read_config(const ParamValues& p);

}  // namespace sdsim::message_queue
