// A Cassandra-like storage node: one LSM store (sim/storage/lsm) on a platform host, served
// by a daemon service with Cassandra's two request stages (concurrent_writes and
// concurrent_reads threads, as worker pools), restarted with its host. The cost model is in
// lsm_engine.hpp; what it imitates and leaves out in sim/services/README.md.
//
// A crash loses the memtable, the unsynced commit-log tail (periodic sync: up to
// commitlog_sync_period of acknowledged writes; batch: nothing acknowledged), the requests
// queued in the stages and the background work not yet charged; the restart replays the
// commit log before serving.
#pragma once

#include <memory>
#include <string>

#include "sim/net/net.hpp"
#include "sim/services/lsm/lsm_engine.hpp"
#include "sim/services/lsm/protocol.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::lsm_service {

// Amplification figures measured from the block's counters (sim/storage/lsm/README.md).
struct Amplification {
  double write = 0, write_with_commit_log = 0, read = 0, space = 0;
};

class LsmNode {
 public:
  LsmNode(RunContext& ctx, std::string name, const std::string& host, LsmNodeConfig cfg);
  LsmNode(const LsmNode&) = delete;
  LsmNode& operator=(const LsmNode&) = delete;

  void start();  // spawns the service on its host (restarted with it)

  const Endpoint<LsmProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const LsmNodeConfig& config() const { return cfg_; }
  const storage::lsm::LsmStore& store() const { return durable_->store; }
  const LsmNodeStats& stats() const { return durable_->stats; }
  double backlog_bytes() const { return durable_->backlog_bytes; }
  // space is a full merge of the SSTables: O(records on disk); call it at the end of a run.
  Amplification amplification() const;

 private:
  RunContext& ctx_;
  std::string name_;
  LsmNodeConfig cfg_;
  Endpoint<LsmProtocol> endpoint_;
  std::shared_ptr<LsmDurable> durable_;
};

}  // namespace sdsim::lsm_service
