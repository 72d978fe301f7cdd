#include "models/message_queue/params.hpp"

namespace sdsim::message_queue {

std::vector<ParamSpec> param_specs() {
  const double inf = 1e18;
  ParamSpec producer{"producer", ParamType::Group, "", "producers (role 'producer', workload.clients of them)"};
  producer.children = log_service::producer_param_specs();
  ParamSpec consumer{"consumer", ParamType::Group, "", "the consumer group (role 'consumer')"};
  consumer.children = {
      {"members", ParamType::Int, "2", "consumers in the group", 1, 10000},
      {"mode", ParamType::Choice, "pull", "pull: consumers fetch; push: brokers push committed records", 0, 0, {"pull", "push"}},
      {"commit", ParamType::Choice, "after", "commit offsets before processing (at-most-once), after (at-least-once), or transactional: the consumers become read-process-write processors writing to an output topic in transactions with their offsets, read by read_committed readers (role 'reader', exactly-once)", 0, 0, {"before", "after", "transactional"}},
  };
  for (ParamSpec& s : log_service::consumer_param_specs()) consumer.children.push_back(s);
  consumer.children.push_back({"process_time", ParamType::Duration, "0s", "application time per message", 0, inf});
  consumer.children.push_back({"push_buffer", ParamType::Int, "1000", "push mode: records a consumer can buffer; more are dropped", 1, 1e9});
  std::vector<ParamSpec> specs = log_service::broker_param_specs();
  specs.insert(specs.begin() + 1, {"partitions", ParamType::Int, "6", "partitions of the topic", 1, 100000});
  specs.push_back({"message_size", ParamType::Size, "1KB", "simulated size of one record", 1, inf});
  specs.push_back(producer);
  specs.push_back(consumer);
  return specs;
}

Config read_config(const ParamValues& p) {
  Config c;
  c.brokers = log_service::read_broker_config(p);
  c.partitions = static_cast<int>(p.integer("partitions"));
  c.message_size = p.number("message_size");
  c.producer = log_service::read_producer_config(p, "producer");
  c.producer.record_bytes = c.message_size;
  ConsumerGroupConfig& k = c.consumer;
  k.client = log_service::read_consumer_config(p, "consumer");
  k.members = static_cast<int>(p.integer("consumer.members"));
  k.push = p.text("consumer.mode") == "push";
  const std::string& commit = p.text("consumer.commit");
  k.commit = commit == "before" ? CommitPolicy::Before
             : commit == "transactional" ? CommitPolicy::Transactional : CommitPolicy::After;
  k.process_time = p.number("consumer.process_time");
  k.push_buffer = static_cast<int>(p.integer("consumer.push_buffer"));
  c.processor = c.producer;
  c.processor.acks = log_service::Acks::All;
  c.processor.idempotent = true;
  if (k.commit == CommitPolicy::Transactional) {  // the exactly-once pipeline
    c.pipeline = true;
    k.client.read_committed = true;  // the output topic's readers
  }
  return c;
}

}  // namespace sdsim::message_queue
