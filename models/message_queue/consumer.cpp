#include "models/message_queue/consumer.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "models/message_queue/controller.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {

void group_heartbeat_loop(Cluster& c, int group, int member, std::uint64_t incarnation,
                          const std::string& name, std::shared_ptr<MemberView> view) {
  Inbox inbox(sg4::Mailbox::by_name(name + "/heartbeat"));
  const int host = c.net.host_index(sg4::this_actor::get_host());
  while (true) {
    // A member without partitions asks again soon: it is waiting for the group to settle.
    const double interval = view->partitions.empty() ? std::min(0.5, c.cfg.consumer.heartbeat_interval)
                                                     : c.cfg.consumer.heartbeat_interval;
    const double next = c.now() + interval;
    auto reply = call_controller(c, inbox, host, "group_heartbeat", GroupHeartbeat{group, member, incarnation},
                                 interval);
    if (reply) {
      const auto& a = std::any_cast<const GroupAssignment&>(reply->body);
      if (a.generation != view->generation) {
        view->generation = a.generation;
        view->partitions = a.partitions;
      }
    }
    if (next > c.now()) sg4::this_actor::sleep_until(next);
  }
}

std::unique_ptr<Message> call_controller(Cluster& c, Inbox& inbox, int host, const char* op, std::any body,
                                         double timeout) {
  const std::uint64_t id = c.net.next_message_id();
  c.send(*c.controller, op, std::move(body), 200, host, inbox.mailbox(), id);
  const double deadline = c.now() + timeout;
  while (auto msg = inbox.wait_until(deadline))
    if (msg->id == id) return msg;
  return nullptr;
}

std::vector<FetchedPartition> fetch_round(Cluster& c, Inbox& inbox, int host,
                                          const std::map<int, Offset>& positions, bool read_committed,
                                          std::size_t max_records, std::vector<int>& leaders) {
  std::map<int, FetchRequest> by_leader;
  for (const auto& [p, offset] : positions) {
    const int leader = leaders[p];
    if (leader < 0) continue;
    FetchRequest& r = by_leader[leader];
    r.read_committed = read_committed;
    r.max_records = max_records;
    r.max_wait = c.cfg.consumer.fetch_max_wait;
    r.partitions.push_back(FetchPartition{p, offset, -1});
  }
  std::map<std::uint64_t, int> waiting;
  for (auto& [leader, req] : by_leader) {
    const std::uint64_t id = c.net.next_message_id();
    waiting[id] = leader;
    c.send(*c.brokers[leader], "fetch", std::move(req), 200, host, inbox.mailbox(), id);
  }
  std::vector<FetchedPartition> out;
  bool stale = by_leader.size() < positions.size() && by_leader.empty();
  const double deadline = c.now() + c.cfg.consumer.fetch_max_wait + 1.0;
  while (!waiting.empty()) {
    auto msg = inbox.wait_until(deadline);
    if (!msg) {
      stale = true;  // a leader did not answer: it may be gone
      break;
    }
    if (!waiting.erase(msg->id)) continue;
    for (auto& fp : std::any_cast<FetchReply&>(msg->body).partitions) {
      if (fp.err != Err::None) stale = true;
      else out.push_back(std::move(fp));
    }
  }
  for (const auto& [p, offset] : positions)
    if (leaders[p] < 0) stale = true;
  if (stale) {
    leaders.clear();
    for (const PartitionMeta& m : c.controller_state->partitions) leaders.push_back(m.leader);
    if (out.empty()) sg4::this_actor::sleep_for(0.1);  // a metadata refresh's back-off
  }
  return out;
}

namespace {

class PullConsumer {
 public:
  PullConsumer(Cluster& c, int index, std::uint64_t incarnation, const std::string& role)
      : c_(c), index_(index), incarnation_(incarnation), name_(fmt::format("{}-{}", role, index)) {}

  void run() {
    host_ = c_.net.host_index(sg4::this_actor::get_host());
    auto view = std::make_shared<MemberView>();
    sg4::Actor::create(name_ + "/heartbeat", sg4::this_actor::get_host(), [this, view] {
      group_heartbeat_loop(c_, 0, index_, incarnation_, name_, view);
    })->daemonize();
    Inbox inbox(sg4::Mailbox::by_name(name_ + "/inbox"));
    for (const PartitionMeta& m : c_.controller_state->partitions) leaders_.push_back(m.leader);
    std::int64_t generation = -1;
    std::map<int, Offset> positions;
    while (true) {
      if (view->generation != generation) {  // a rebalance: start again from the committed offsets
        generation = view->generation;
        positions.clear();
        for (const auto& [p, offset] : view->partitions) positions[p] = offset;
      }
      if (positions.empty()) {
        sg4::this_actor::sleep_for(0.1);
        continue;
      }
      auto fetched = fetch_round(c_, inbox, host_, positions, c_.cfg.consumer.read_committed,
                                 std::size_t(c_.cfg.consumer.max_poll_records), leaders_);
      if (view->generation != generation) continue;
      OffsetCommit commit{0, index_, generation, {}};
      std::vector<MessageId> ids;
      for (const FetchedPartition& fp : fetched) {
        if (!positions.count(fp.partition) || fp.next_offset == positions[fp.partition]) continue;
        positions[fp.partition] = fp.next_offset;
        commit.offsets.emplace_back(fp.partition, fp.next_offset);
        for (const RecordBatch& b : fp.batches) ids.insert(ids.end(), b.ids.begin(), b.ids.end());
      }
      if (commit.offsets.empty()) continue;
      if (c_.cfg.consumer.commit == CommitPolicy::Before) {
        if (!commit_sync(inbox, commit, *view)) continue;  // not ours any more: never process it
        for (MessageId id : ids) c_.ledger.committed(id);
        process(ids);
      } else {
        process(ids);
        if (commit_sync(inbox, commit, *view))
          for (MessageId id : ids) c_.ledger.committed(id);
      }
    }
  }

 private:
  void process(const std::vector<MessageId>& ids) {
    const double t = c_.cfg.consumer.process_time;
    for (MessageId id : ids) {
      if (t > 0) sg4::this_actor::sleep_for(t);
      c_.ledger.processed(id, c_.now());
    }
  }

  // On a rejected commit the member asks for its assignment at once (a rebalance happened).
  bool commit_sync(Inbox& inbox, const OffsetCommit& commit, MemberView& view) {
    auto reply = call_controller(c_, inbox, host_, "offset_commit", commit, 2.0);
    if (reply && std::any_cast<Err>(reply->body) == Err::None) return true;
    auto hb = call_controller(c_, inbox, host_, "group_heartbeat", GroupHeartbeat{0, index_, incarnation_}, 2.0);
    if (hb) {
      const auto& a = std::any_cast<const GroupAssignment&>(hb->body);
      if (a.generation != view.generation) {
        view.generation = a.generation;
        view.partitions = a.partitions;
      }
    }
    return false;
  }

  Cluster& c_;
  int index_;
  std::uint64_t incarnation_;
  std::string name_;
  int host_ = -1;
  std::vector<int> leaders_;
};

// Push mode: the service takes pushed records into a bounded buffer; a worker processes them.
class PushConsumer : public ServiceHandler {
 public:
  PushConsumer(Cluster& c, int index) : c_(c), index_(index) {}
  void start() override {
    c_.push_buffers[index_].clear();  // the buffer was in memory
    sg4::Actor::create(fmt::format("consumer-{}/worker", index_), sg4::this_actor::get_host(), [this] {
      auto& buffer = c_.push_buffers[index_];
      while (true) {
        if (buffer.empty()) {
          idle_ = sg4::Actor::self();
          sg4::this_actor::suspend();
          continue;
        }
        if (c_.cfg.consumer.process_time > 0) sg4::this_actor::sleep_for(c_.cfg.consumer.process_time);
        if (buffer.empty()) continue;
        c_.ledger.processed(buffer.front(), c_.now());
        buffer.pop_front();
      }
    })->daemonize();
  }
  void handle(std::unique_ptr<Message> msg) override {
    auto& buffer = c_.push_buffers[index_];
    const auto& push = std::any_cast<const PushRecords&>(msg->body);
    const std::size_t cap = std::size_t(c_.cfg.consumer.push_buffer);
    for (const RecordBatch& b : push.batches)
      for (MessageId id : b.ids) {
        if (buffer.size() >= cap) {
          if (c_.stats.push_dropped++ == 0)
            c_.event("push_buffer_full", fmt::format("consumer-{}", index_), "dropping pushed records");
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
  Cluster& c_;
  int index_;
  sg4::ActorPtr idle_;
};

}  // namespace

void start_pull_consumer(Cluster& cluster, int index, const std::string& role) {
  const std::string host = cluster.ctx.hosts_with_role(role).at(index);
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  auto actor = sg4::Actor::create(fmt::format("{}-{}", role, index), sg4::Host::by_name(host),
                                  [&cluster, index, incarnations, role] {
                                    sg4::Actor::self()->daemonize();
                                    PullConsumer(cluster, index, ++*incarnations, role).run();
                                  });
  actor->set_auto_restart(true);
}

void start_push_consumer(Cluster& cluster, int index) {
  const std::string name = fmt::format("consumer-{}", index);
  spawn_mq_service(cluster.net, name, [&cluster, index] { return std::make_unique<PushConsumer>(cluster, index); });
}

}  // namespace sdsim::mq
