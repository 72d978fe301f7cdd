#include "models/message_queue/services/consumer.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/log/consumer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {
namespace {

void process(Experiment& x, DeliveryLedger& ledger, const std::vector<RecordId>& ids) {
  const double t = x.cfg.consumer.process_time;
  for (RecordId id : ids) {
    if (t > 0) sg4::this_actor::sleep_for(t);
    ledger.processed(id, sg4::Engine::get_clock());
  }
}

void pull_loop(Experiment& x, int index, std::uint64_t incarnation, const std::string& role,
               int group) {
  const int member = index % x.cfg.consumer.members;
  log_service::LogConsumer consumer(x.log, x.cfg.consumer.client, x.log_group(group), member,
                                    incarnation, fmt::format("{}-{}", role, index));
  DeliveryLedger& ledger = x.ledger_of(group);
  auto& in_progress = x.in_progress.at(std::size_t(index));
  in_progress.clear();  // what the previous incarnation was processing is lost with it
  while (true) {
    const log_service::Poll poll = consumer.poll();
    if (poll.empty()) continue;
    if (x.cfg.consumer.commit == CommitPolicy::Before) {
      if (!consumer.commit(poll)) continue;  // not ours any more: never process it
      for (RecordId id : poll.records) ledger.committed(id);
      in_progress = poll.records;
      process(x, ledger, poll.records);
      in_progress.clear();
    } else {
      process(x, ledger, poll.records);
      if (consumer.commit(poll))
        for (RecordId id : poll.records) ledger.committed(id);
    }
  }
}

// Push mode: the service takes pushed records into a bounded buffer; a worker processes them.
class PushConsumer : public ServiceHandler<log_service::PushProtocol> {
 public:
  PushConsumer(Experiment& x, int index) : x_(x), index_(index) {}
  void start(Inbox&) override {
    x_.push_buffers[index_].clear();  // the buffer was in memory
    spawn_local(fmt::format("consumer-{}/worker", index_), [this] {
      auto& buffer = x_.push_buffers[index_];
      while (true) {
        if (buffer.empty()) {
          idle_ = sg4::Actor::self();
          sg4::this_actor::suspend();
          continue;
        }
        if (x_.cfg.consumer.process_time > 0)
          sg4::this_actor::sleep_for(x_.cfg.consumer.process_time);
        if (buffer.empty()) continue;
        x_.ledger.processed(buffer.front(), sg4::Engine::get_clock());
        buffer.pop_front();
      }
    });
  }
  void handle(std::unique_ptr<Letter<log_service::PushProtocol>> msg) override {
    auto& buffer = x_.push_buffers[index_];
    const auto& push = std::get<log_service::PushRecords>(msg->body);
    const std::size_t cap = std::size_t(x_.cfg.consumer.push_buffer);
    for (const log_service::RecordBatch& b : push.batches)
      for (RecordId id : b.ids) {
        if (buffer.size() >= cap) {
          if (x_.push_dropped++ == 0)
            x_.ctx.event("push_buffer_full", fmt::format("consumer-{}", index_),
                         "dropping pushed records");
          continue;
        }
        buffer.push_back(id);
      }
    if (idle_ && !buffer.empty()) {
      auto w = idle_;
      idle_ = nullptr;
      w->resume();
    }
  }

 private:
  Experiment& x_;
  int index_;
  sg4::ActorPtr idle_;
};

}  // namespace

void start_pull_consumer(Experiment& x, int index, const std::string& role, int group) {
  const std::string host = x.ctx.hosts_with_role(role).at(index);
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  auto actor = sg4::Actor::create(fmt::format("{}-{}", role, index), sg4::Host::by_name(host),
                                  [&x, index, incarnations, role, group] {
                                    sg4::Actor::self()->daemonize();
                                    pull_loop(x, index, ++*incarnations, role, group);
                                  });
  actor->set_auto_restart(true);
}

void start_push_consumers(Experiment& x) {
  std::vector<Endpoint<log_service::PushProtocol>> endpoints;
  for (int i = 0; i < x.cfg.consumer.members; ++i)
    endpoints.push_back(x.ctx.net().register_service<log_service::PushProtocol>(
        fmt::format("consumer-{}", i), x.ctx.hosts_with_role("consumer").at(i)));
  x.log.push_to(endpoints, x.cfg.consumer.client.read_committed);
  x.push_buffers.resize(x.cfg.consumer.members);
  for (int i = 0; i < x.cfg.consumer.members; ++i)
    spawn_service<log_service::PushProtocol>(
        x.ctx.net(), endpoints[i], [&x, i] { return std::make_unique<PushConsumer>(x, i); });
}

}  // namespace sdsim::message_queue
