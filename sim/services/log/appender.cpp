#include "sim/services/log/appender.hpp"

#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/net/inbox.hpp"
#include "sim/net/rpc.hpp"

namespace sdsim::log_service {

int partition_for_key(const Topic& topic, std::uint64_t key) {
  return topic.first + int(mix64(key) % std::uint64_t(topic.partitions));
}

LogAppender::LogAppender(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic, std::string name,
                         const std::string& host, std::int64_t producer_id, ProducerListener* listener)
    : cluster_(cluster),
      cfg_(cfg),
      topic_(topic),
      name_(std::move(name)),
      producer_id_(producer_id),
      listener_(listener),
      endpoint_(cluster.net().register_service<AppenderProtocol>(name_, host)) {}

void LogAppender::start() {
  Net& net = cluster_.net();
  auto actor = simgrid::s4u::Actor::create(name_, net.host(endpoint_.host()), [this, &net] {
    simgrid::s4u::Actor::self()->daemonize();  // every incarnation
    Inbox inbox(net, *endpoint_.address);
    // A new producer instance per life of the host: an idempotent producer gets a new id.
    const std::int64_t id = producer_id_ + 100000 * std::int64_t(incarnations_++);
    run_handed_producer(cluster_, cfg_, topic_, name_, id, inbox, listener_);
  });
  actor->set_auto_restart(true);
}

void LogAppender::send(RecordId id, std::optional<std::uint64_t> key) {
  cluster_.net().send(endpoint_, HandOver{id, key});
}

Status LogAppender::append(Rpc& rpc, RecordId id, std::optional<std::uint64_t> key) {
  CallOptions opt;
  opt.timeout = cfg_.delivery_timeout + cfg_.request_timeout;
  opt.retries = 0;  // handing over again would make a second record
  return rpc.call(endpoint_, HandOver{id, key}, opt).status;
}

}  // namespace sdsim::log_service
