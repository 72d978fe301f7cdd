#include "sim/services/log/consumer.hpp"

#include <algorithm>

#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {
namespace {

void heartbeat_loop(LogCluster& c, const ConsumerConfig& cfg, int group, int member, std::uint64_t incarnation,
                    const std::string& name, std::shared_ptr<MemberView> view) {
  Rpc rpc(c.net(), name + "/heartbeat");
  while (true) {
    // A member without partitions asks again soon: it is waiting for the group to settle.
    const double interval = view->partitions.empty() ? std::min(0.5, cfg.heartbeat_interval) : cfg.heartbeat_interval;
    const double next = c.now() + interval;
    CallOptions opt;
    opt.timeout = interval;
    auto reply = rpc.call(c.controller(), GroupHeartbeat{group, member, incarnation}, opt);
    if (reply.ok() && reply.value().generation != view->generation) {
      view->generation = reply.value().generation;
      view->partitions = reply.value().partitions;
    }
    if (next > c.now()) sg4::this_actor::sleep_until(next);
  }
}

}  // namespace

LogConsumer::LogConsumer(LogCluster& cluster, const ConsumerConfig& cfg, int group, int member,
                         std::uint64_t incarnation, const std::string& name)
    : cluster_(cluster), cfg_(cfg), group_(group), member_(member), incarnation_(incarnation), name_(name),
      rpc_(cluster.net(), name), view_(std::make_shared<MemberView>()) {
  auto view = view_;
  spawn_local(name + "/heartbeat", [&cluster, cfg, group, member, incarnation, name, view] {
    heartbeat_loop(cluster, cfg, group, member, incarnation, name, view);
  });
  leaders_ = cluster.leaders();
}

void LogConsumer::refresh_assignment() {
  auto hb = call_coordinator(GroupHeartbeat{group_, member_, incarnation_}, 2.0);
  if (hb.ok() && hb.value().generation != view_->generation) {
    view_->generation = hb.value().generation;
    view_->partitions = hb.value().partitions;
  }
}

Poll LogConsumer::poll() {
  Poll out;
  while (true) {
    if (view_->generation != generation_) {  // a rebalance: start again from the committed offsets
      generation_ = view_->generation;
      positions_.clear();
      buffered_.clear();
      for (const auto& [p, offset] : view_->partitions) positions_[p] = offset;
    }
    if (!positions_.empty()) break;
    sg4::this_actor::sleep_for(0.1);
  }
  out.generation = generation_;
  if (buffered_.empty()) {
    auto fetched = fetch_round();
    if (view_->generation != generation_) return out;  // rebalanced meanwhile: nothing is ours
    buffered_.assign(std::make_move_iterator(fetched.begin()),
                     std::make_move_iterator(fetched.end()));
  }
  out.commit = OffsetCommit{group_, member_, generation_, {}};
  // Kafka's max.poll.records bounds what one poll returns over all partitions; what the
  // fetches brought beyond it stays in the consumer's buffer for the next polls.
  std::size_t budget = std::size_t(cfg_.max_poll_records);
  while (!buffered_.empty() && budget > 0) {
    FetchedPartition& fp = buffered_.front();
    auto pos = positions_.find(fp.partition);
    if (pos == positions_.end()) {
      buffered_.pop_front();
      continue;
    }
    const Offset before = pos->second;
    std::size_t b = 0;
    for (; b < fp.batches.size() && budget > 0; ++b) {
      RecordBatch& batch = fp.batches[b];
      const std::size_t k = std::min(budget, batch.ids.size());
      auto& mine = out.by_partition[fp.partition];
      out.records.insert(out.records.end(), batch.ids.begin(),
                         batch.ids.begin() + std::ptrdiff_t(k));
      mine.insert(mine.end(), batch.ids.begin(), batch.ids.begin() + std::ptrdiff_t(k));
      budget -= k;
      if (k < batch.ids.size()) {  // the rest of this batch waits for the next poll
        batch.ids.erase(batch.ids.begin(), batch.ids.begin() + std::ptrdiff_t(k));
        batch.base_offset += Offset(k);
        pos->second = batch.base_offset;
        break;
      }
      pos->second = batch.end();
    }
    fp.batches.erase(fp.batches.begin(), fp.batches.begin() + std::ptrdiff_t(b));
    if (pos->second != before || fp.batches.empty()) {
      if (fp.batches.empty())
        pos->second = fp.next_offset;  // past what the broker skipped (markers, aborted)
      if (pos->second != before) out.commit.offsets.emplace_back(fp.partition, pos->second);
    }
    if (fp.batches.empty()) buffered_.pop_front();
  }
  return out;
}

bool LogConsumer::commit(const Poll& p) {
  auto reply = call_coordinator(p.commit, 2.0);
  if (reply.ok() && reply.value().err == Err::None) return true;
  refresh_assignment();  // a rebalance happened: learn the new assignment at once
  return false;
}

std::vector<FetchedPartition> LogConsumer::fetch_round() {
  std::map<int, FetchRequest> by_leader;
  for (const auto& [p, offset] : positions_) {
    const int leader = leaders_[p];
    if (leader < 0) continue;
    FetchRequest& r = by_leader[leader];
    r.read_committed = cfg_.read_committed;
    r.max_records = std::size_t(cfg_.max_poll_records);
    r.max_wait = cfg_.fetch_max_wait;
    r.partitions.push_back(FetchPartition{p, offset, -1});
  }
  std::map<std::uint64_t, int> waiting;
  for (auto& [leader, req] : by_leader) waiting[rpc_.send(cluster_.broker(leader), req)] = leader;
  std::vector<FetchedPartition> out;
  bool stale = false;
  const double deadline = cluster_.now() + cfg_.fetch_max_wait + 1.0;
  while (!waiting.empty()) {
    auto msg = rpc_.next(deadline);
    if (!msg) {
      stale = true;  // a leader did not answer: it may be gone
      break;
    }
    if (!waiting.erase(msg->id)) continue;
    auto reply = open_letter<FetchReply>(std::move(msg), name_);
    for (auto& fp : reply->body.partitions) {
      if (fp.err != Err::None) stale = true;
      else out.push_back(std::move(fp));
    }
  }
  for (const auto& [p, offset] : positions_)
    if (leaders_[p] < 0) stale = true;
  if (stale) {
    leaders_ = cluster_.leaders();
    if (out.empty()) sg4::this_actor::sleep_for(0.1);  // a metadata refresh's back-off
  }
  return out;
}

}  // namespace sdsim::log_service
