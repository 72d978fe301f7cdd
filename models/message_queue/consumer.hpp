// Consumers. Pull mode: members of a consumer group (one per 'consumer' host), each with a
// heartbeat actor that keeps it in the group and learns its assignment, and a poll loop that
// fetches from the partition leaders (at most max_poll_records), processes each record
// (process_time), and commits offsets to the group coordinator before processing
// (at-most-once) or after (at-least-once). A rebalance sends every member back to the
// committed offsets of its partitions. Push mode: the leaders push committed records to a
// bounded buffer on the consumer (partition p goes to consumer p % members); what does not
// fit is dropped and counted.
//
// Durable: nothing but an incarnation counter (offsets live at the coordinator). A crashed
// member loses the batch it was processing, and restarts with its host.
#pragma once

#include <map>
#include <string>

#include "models/message_queue/cluster.hpp"

namespace sdsim::mq {

// `role`: 'consumer', or 'reader' for the read_committed readers of the exactly-once
// pipeline's output topic.
void start_pull_consumer(Cluster& cluster, int index, const std::string& role = "consumer");
void start_push_consumer(Cluster& cluster, int index);

// Shared by pull consumers and the pipeline's processors: a group member's view of its
// assignment, fed by its heartbeat actor.
struct MemberView {
  std::int64_t generation = -1;
  std::vector<std::pair<int, Offset>> partitions;  // with the offsets committed at assignment
};

// Runs the heartbeat loop of member `member` of group `group` (an actor body).
void group_heartbeat_loop(Cluster& c, int group, int member, std::uint64_t incarnation,
                          const std::string& name, std::shared_ptr<MemberView> view);

// One fetch round from every leader of `positions`' partitions (in parallel), waiting at
// most fetch_max_wait + 1 s. Returns the partitions' results; NotLeader ones ask for a
// metadata refresh through `stale`.
std::vector<FetchedPartition> fetch_round(Cluster& c, Inbox& inbox, int host,
                                          const std::map<int, Offset>& positions,
                                          bool read_committed, std::size_t max_records,
                                          std::vector<int>& leaders);

// Sends `body` to the controller and waits up to `timeout` for the reply (nullptr if none).
std::unique_ptr<Message> call_controller(Cluster& c, Inbox& inbox, int host, const char* op,
                                         std::any body, double timeout);

}  // namespace sdsim::mq
