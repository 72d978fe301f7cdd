// The message queue experiment's parameters: the log service's broker, producer and consumer
// settings (Kafka's names and defaults, sim/services/log/log_config.hpp) plus what the
// experiment itself decides: the topic, the record size, and the consumer group with its
// delivery semantics. How long consumers go on after the load is workload.drain (20 s by
// default). Each parameter is declared once, in params.cpp's table.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/services/log/log_config.hpp"

namespace sdsim::message_queue {

enum class CommitPolicy { Before, After, Transactional };

struct ConsumerGroupConfig {
  int members{};
  int groups{};
  bool push{};
  CommitPolicy commit{};
  log_service::ConsumerConfig client;
  double process_time{};  // s per message
  int push_buffer{};      // records a push consumer can hold
};

struct Config {
  log_service::BrokerConfig brokers;
  int partitions{};
  double message_size{};  // B
  log_service::ProducerConfig producer;
  ConsumerGroupConfig consumer;
  // consumer.commit: transactional: the exactly-once read-process-write stage, whose
  // processors produce with a transactional producer (acks=all, idempotent).
  bool pipeline = false;
  log_service::ProducerConfig processor;
};

const ParamTable<Config>& params();
Config read_config(const ParamValues& p);

}  // namespace sdsim::message_queue
