// The consumer client: a member of a consumer group. It keeps its membership with a heartbeat
// actor (which learns its assignment), fetches from the leaders of its partitions (one round
// = one request per leader, in parallel, at most max_poll_records each: a stand-in for
// Kafka's fetch byte limits), returns at most max_poll_records records per poll over all
// partitions (the rest waits in its buffer for the next polls), and commits offsets
// to the group coordinator. A rebalance sends the member back to the committed offsets of its
// partitions; a commit the coordinator refuses (the member is no longer the owner) makes it
// ask for its assignment at once.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim::log_service {

// A member's view of its assignment, fed by its heartbeat actor.
struct MemberView {
  std::int64_t generation = -1;
  std::vector<std::pair<int, Offset>> partitions;  // with the offsets committed at assignment
};

// What one poll brought: the records (in partition, then offset order) and where each
// partition continues.
struct Poll {
  std::int64_t generation = -1;
  std::vector<RecordId> records;
  std::map<int, std::vector<RecordId>> by_partition;
  OffsetCommit commit;  // the offsets after this poll, ready to commit
  bool empty() const { return commit.offsets.empty(); }
};

class LogConsumer {
 public:
  // Member `member` of group `group`; `incarnation` numbers its lives (a new one after each
  // restart). Must be made by the actor that will use it; starts the heartbeat actor.
  LogConsumer(LogCluster& cluster, const ConsumerConfig& cfg, int group, int member, std::uint64_t incarnation,
              const std::string& name);

  // One fetch round from the current positions (waits when nothing is assigned yet).
  Poll poll();
  // Commits a poll's offsets; false when the coordinator refused (the member then
  // re-reads its assignment) or did not answer.
  bool commit(const Poll& p);
  // Forgets the positions: the next poll starts from the committed offsets.
  void reset() { generation_ = -2; }

  Rpc& rpc() { return rpc_; }
  const std::string& name() const { return name_; }
  std::int64_t generation() const { return view_->generation; }
  // Sends to the coordinator and waits up to `timeout` for the reply.
  template <class R>
  Result<typename R::Reply> call_coordinator(const R& request, double timeout) {
    CallOptions opt;
    opt.timeout = timeout;
    return rpc_.call(cluster_.controller(), request, opt);
  }
  void refresh_assignment();

 private:
  std::vector<FetchedPartition> fetch_round();
  LogCluster& cluster_;
  ConsumerConfig cfg_;
  int group_, member_;
  std::uint64_t incarnation_;
  std::string name_;
  Rpc rpc_;
  std::shared_ptr<MemberView> view_;
  std::int64_t generation_ = -1;
  std::map<int, Offset> positions_;
  std::deque<FetchedPartition> buffered_;  // fetched, not yet returned by a poll
  std::vector<int> leaders_;
};

}  // namespace sdsim::log_service
