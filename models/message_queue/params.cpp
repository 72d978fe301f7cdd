#include "models/message_queue/params.hpp"

namespace sdsim::message_queue {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<ConsumerGroupConfig> group;
    group.integer("members", &ConsumerGroupConfig::members, "2", "consumers in the group", 1, 10000)
        .integer("groups", &ConsumerGroupConfig::groups, "1",
                 "consumer groups of `members` each reading the topic: 1 is point-to-point (each "
                 "message to one "
                 "member), more is publish-subscribe (every group gets every message, within a "
                 "group one member "
                 "each); the ledger counts each group apart (pull mode, not transactional)",
                 1, 1000)
        .choice("mode", &ConsumerGroupConfig::push, "pull",
                "pull: consumers fetch; push: brokers push committed records",
                {{"pull", false}, {"push", true}})
        .choice("commit", &ConsumerGroupConfig::commit, "after",
                "commit offsets before processing (at-most-once), after (at-least-once), or "
                "transactional: the "
                "consumers become read-process-write processors writing to an output topic in "
                "transactions with "
                "their offsets, read by read_committed readers (role 'reader', exactly-once)",
                {{"before", CommitPolicy::Before},
                 {"after", CommitPolicy::After},
                 {"transactional", CommitPolicy::Transactional}})
        .inline_fields(&ConsumerGroupConfig::client, log_service::consumer_params())
        .duration("process_time", &ConsumerGroupConfig::process_time, "0s",
                  "application time per message")
        .integer("push_buffer", &ConsumerGroupConfig::push_buffer, "1000",
                 "push mode: records a consumer can buffer; more are dropped", 1, 1e9);
    ParamTable<Config> c;
    c.inline_fields(&Config::brokers, log_service::broker_params())
        .integer("partitions", &Config::partitions, "6", "partitions of the topic", 1, 100000)
        .size("message_size", &Config::message_size, "1KB", "simulated size of one record", 1)
        .group("producer", "producers (role 'producer', workload.clients of them)",
               &Config::producer, log_service::producer_params())
        .group("consumer", "the consumer group (role 'consumer')", &Config::consumer, group);
    return c;
  }();
  return t;
}

Config read_config(const ParamValues& p) {
  Config c = params().read(p);
  c.producer.record_bytes = c.message_size;
  c.processor = c.producer;
  c.processor.acks = log_service::Acks::All;
  c.processor.idempotent = true;
  if (c.consumer.commit == CommitPolicy::Transactional) {  // the exactly-once pipeline
    c.pipeline = true;
    // The output topic's readers read committed unless the scenario asks for
    // read_uncommitted readers (read_committed: false), which see aborted transactions.
    const auto set = p.all().find("consumer.read_committed");
    if (set == p.all().end() || set->second.from_default) c.consumer.client.read_committed = true;
  }
  return c;
}

}  // namespace sdsim::message_queue
