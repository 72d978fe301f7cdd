// One life of a key-value node (internal to the service): its storage engine, its request
// stages (replica writes and reads, as the LSM node's, and coordinator threads), its gossip
// and failure detector, and its hint dispatcher. Coordination (leaderless and single-leader)
// is in coordinator.cpp.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/coord/failure_detector.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/kv/kv_store.hpp"

namespace sdsim::kv_service {

class KvNode {
 public:
  using Request = std::unique_ptr<Letter<KvProtocol>>;

  KvNode(KvStore& store, int index, std::shared_ptr<KvNodeDurable> durable);
  KvNode(const KvNode&) = delete;
  KvNode& operator=(const KvNode&) = delete;

  void start();  // recovery (blocks until the commit log is replayed), then its actors
  void handle(Request request);

 private:
  struct Answer {
    int node;
    KvVersion version;
  };

  // ---- replica side, gossip, hints (kv_node.cpp)
  void serve_replica(Request& request);
  KvVersion local_read(const std::string& key);
  void local_write(const std::string& key, const KvVersion& v);
  void gossip_loop();
  void on_heartbeat(const Heartbeat& h);
  void view_changed();
  bool alive(int node) const;
  bool may_lead(int node) const;  // single_leader: alive and past its takeover delay
  void hint(int target, const std::string& key, const KvVersion& v);
  void hint_dispatch_loop();

  // ---- coordinator (coordinator.cpp)
  void coordinate(int worker, Request& request);
  void write(Rpc& rpc, const Request& request, const Write& w);
  void read(Rpc& rpc, const Request& request, const Read& r);
  void forward(Rpc& rpc, const Request& request, int leader);
  void lead_write(Rpc& rpc, const Request& request, const Write& w,
                  const std::vector<int>& replicas);
  void lead_read(Rpc& rpc, const Request& request, const Read& r, const std::vector<int>& replicas);
  bool confirm(Rpc& rpc, const std::string& key, const std::vector<int>& replicas,
               std::uint64_t epoch);
  int leader_of(const std::vector<int>& replicas) const;
  std::vector<int> live_self_first(const std::vector<int>& replicas) const;
  // Sends `v` to every replica of `replicas` (hints for those down); calls `enough` once `need`
  // have acknowledged (the local write counts); waits for the rest until the time-out and
  // hints those silent. Returns the acknowledgements.
  int replicate(Rpc& rpc, const std::string& key, const KvVersion& v,
                const std::vector<int>& replicas, int need, const std::function<void()>& enough);
  // Reads from `need` of `candidates` (in order, the next one when one is silent for
  // speculative_retry); nullopt when fewer than `need` answered in time.
  std::optional<std::vector<Answer>> gather(Rpc& rpc, const std::string& key,
                                            const std::vector<int>& candidates, int need,
                                            double deadline);
  // Writes the winner back to the answers that were older (blocking read repair).
  void repair(Rpc& rpc, const std::string& key, const KvVersion& winner,
              const std::vector<Answer>& answers, double deadline);
  std::int64_t next_timestamp();

  KvStore& store_;
  const KvConfig& cfg_;
  int index_;
  std::string name_;
  std::shared_ptr<KvNodeDurable> durable_;
  std::shared_ptr<lsm_service::LsmEngine> engine_;
  FailureDetector fd_;
  std::map<int, double> down_since_;  // nodes the detector has convicted, since when
  // single_leader: when each node may lead (after a restart, leader_takeover later; this
  // node itself two gossip intervals later still, so that its stand-in has stepped down).
  std::map<int, double> may_lead_at_;
  double self_may_lead_at_ = 0;
  std::uint64_t view_epoch_ = 1;                    // bumped at every change of the detector's view
  std::map<std::string, std::uint64_t> confirmed_;  // single_leader: key -> view epoch confirmed in
  std::int64_t last_timestamp_ = 0;
  std::vector<std::unique_ptr<Rpc>> rpcs_;  // one per coordinator thread, made by the thread
  std::unique_ptr<WorkerPool<Request>> mutations_, reads_, coordinators_;
};

}  // namespace sdsim::kv_service
