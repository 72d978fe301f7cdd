#include "models/message_queue/processor.hpp"

#include <map>

#include <fmt/format.h>

#include "models/message_queue/consumer.hpp"
#include "models/message_queue/controller.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {
namespace {

class Processor {
 public:
  Processor(Cluster& c, int index, std::uint64_t incarnation)
      : c_(c), index_(index), incarnation_(incarnation), name_(fmt::format("consumer-{}", index)),
        cfg_(c.cfg.processor) {}

  void run() {
    host_ = c_.net.host_index(sg4::this_actor::get_host());
    view_ = std::make_shared<MemberView>();
    auto view = view_;
    sg4::Actor::create(name_ + "/heartbeat", sg4::this_actor::get_host(), [this, view] {
      group_heartbeat_loop(c_, 1, index_, incarnation_, name_, view);
    })->daemonize();
    // A mailbox per incarnation: nothing addressed to the crashed incarnation (a reply, a
    // receive it left pending) can reach this one.
    Inbox inbox(sg4::Mailbox::by_name(fmt::format("{}/inbox/{}", name_, incarnation_)));
    inbox_ = &inbox;
    refresh_leaders();
    init_transactions();
    std::int64_t generation = -1;
    std::map<int, Offset> positions;
    while (true) {
      if (view_->generation != generation || reset_) {  // start again from the committed offsets
        reset_ = false;
        generation = view_->generation;
        positions.clear();
        for (const auto& [p, offset] : view_->partitions) positions[p] = offset;
      }
      if (positions.empty()) {
        sg4::this_actor::sleep_for(0.1);
        continue;
      }
      auto fetched = fetch_round(c_, inbox, host_, positions, false,
                                 std::size_t(c_.cfg.consumer.max_poll_records), fetch_leaders_);
      if (view_->generation != generation) continue;
      OffsetCommit offsets{1, index_, generation, {}};
      std::map<int, std::vector<MessageId>> out;  // output partition -> records
      std::map<int, Offset> next = positions;
      for (const FetchedPartition& fp : fetched) {
        if (!positions.count(fp.partition) || fp.next_offset == positions[fp.partition]) continue;
        next[fp.partition] = fp.next_offset;
        offsets.offsets.emplace_back(fp.partition, fp.next_offset);
        auto& ids = out[c_.cfg.partitions + fp.partition];
        for (const RecordBatch& b : fp.batches) ids.insert(ids.end(), b.ids.begin(), b.ids.end());
      }
      if (offsets.offsets.empty()) continue;
      if (transaction(offsets, out)) positions = next;
      else resync();
    }
  }

 private:
  // Re-initialises transactions (aborting whatever this processor left open, and fencing
  // a request still in flight) and asks for the group's committed offsets again.
  void resync() {
    init_transactions();
    auto hb = call_controller(c_, *inbox_, host_, "group_heartbeat", GroupHeartbeat{1, index_, incarnation_}, 2.0);
    if (hb) {
      const auto& a = std::any_cast<const GroupAssignment&>(hb->body);
      view_->generation = a.generation;
      view_->partitions = a.partitions;
    }
    reset_ = true;
  }

  void init_transactions() {
    while (true) {
      auto reply = call_controller(c_, *inbox_, host_, "txn_init", TxnInit{index_}, 2.0);
      if (reply) {
        const auto& r = std::any_cast<const TxnInitReply&>(reply->body);
        producer_id_ = r.producer_id;
        epoch_txn_ = r.next_txn;
        local_txn_ = 0;
        seq_.clear();
        return;
      }
    }
  }

  // One transaction: begin, process, write, end with the offsets. True if it committed.
  bool transaction(const OffsetCommit& offsets, const std::map<int, std::vector<MessageId>>& out) {
    // Globally unique: the processor, its initialisation, and the transaction within it.
    const std::int64_t txn = (std::int64_t(index_ + 1) << 44) | (epoch_txn_ << 24) | ++local_txn_;
    auto begun = call_controller(c_, *inbox_, host_, "txn_begin", TxnBegin{index_, txn}, 2.0);
    if (!begun) return false;
    // The application's work on each record.
    const double t = c_.cfg.consumer.process_time;
    for (const auto& [p, ids] : out)
      if (t > 0) sg4::this_actor::sleep_for(t * double(ids.size()));
    TxnEnd end{index_, txn, true, {}, offsets};
    for (const auto& [p, ids] : out) end.partitions.push_back(p);
    const bool written = produce(txn, out);
    end.commit = written;
    auto reply = call_controller(c_, *inbox_, host_, "txn_end", end, 2.0);
    if (!reply) return false;  // outcome unknown: resync fences it and reads the offsets back
    return written && std::any_cast<Err>(reply->body) == Err::None;
  }

  // Writes the transaction's records to the output leaders (acks=all, idempotent sequence
  // numbers, retried with the same numbers) until all are acknowledged or time runs out.
  bool produce(std::int64_t txn, const std::map<int, std::vector<MessageId>>& out) {
    std::map<int, RecordBatch> todo;
    for (const auto& [p, ids] : out) {
      RecordBatch b;
      b.ids = ids;
      b.record_bytes = c_.cfg.message_size;
      b.producer_id = producer_id_;
      b.base_seq = seq_[p];
      b.txn = txn;
      seq_[p] += std::int32_t(ids.size());
      todo.emplace(p, std::move(b));
    }
    const double give_up = c_.now() + std::min(cfg_.delivery_timeout, 15.0);
    while (!todo.empty()) {
      if (c_.now() > give_up) return false;
      std::map<int, ProduceRequest> by_leader;
      for (const auto& [p, b] : todo) {
        const int leader = c_.controller_state->partitions[p].leader;
        if (leader < 0) continue;
        by_leader[leader].acks = Acks::All;
        by_leader[leader].batches.emplace_back(p, b);
      }
      std::map<std::uint64_t, int> waiting;
      for (auto& [leader, req] : by_leader) {
        const std::uint64_t id = c_.net.next_message_id();
        waiting[id] = leader;
        const double bytes = req.bytes();
        c_.send(*c_.brokers[leader], "produce", std::move(req), bytes, host_, inbox_->mailbox(), id);
      }
      const double deadline = c_.now() + cfg_.request_timeout;
      bool failed = by_leader.empty();
      while (!waiting.empty()) {
        auto msg = inbox_->wait_until(deadline);
        if (!msg) {
          failed = true;
          break;
        }
        if (!waiting.erase(msg->id)) continue;
        for (const PartitionResult& r : std::any_cast<const ProduceReply&>(msg->body).results) {
          if (r.err == Err::None) todo.erase(r.partition);
          else failed = true;
        }
      }
      if (failed && !todo.empty()) sg4::this_actor::sleep_for(cfg_.retry_backoff);
    }
    return true;
  }

  void refresh_leaders() {
    fetch_leaders_.clear();
    for (const PartitionMeta& m : c_.controller_state->partitions) fetch_leaders_.push_back(m.leader);
  }

  Cluster& c_;
  int index_;
  std::uint64_t incarnation_;
  std::string name_;
  ProducerConfig cfg_;
  int host_ = -1;
  Inbox* inbox_ = nullptr;
  std::shared_ptr<MemberView> view_;
  std::vector<int> fetch_leaders_;
  std::int64_t producer_id_ = 0, epoch_txn_ = 0, local_txn_ = 0;
  std::map<int, std::int32_t> seq_;
  bool reset_ = false;
};

}  // namespace

void start_processor(Cluster& cluster, int index) {
  const std::string host = cluster.ctx.hosts_with_role("consumer").at(index);
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  auto actor = sg4::Actor::create(fmt::format("consumer-{}", index), sg4::Host::by_name(host),
                                  [&cluster, index, incarnations] {
                                    sg4::Actor::self()->daemonize();
                                    Processor(cluster, index, ++*incarnations).run();
                                  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::mq
