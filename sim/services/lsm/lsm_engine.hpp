// One LSM store hosted on one platform host: the block (sim/storage/lsm) behind the cost
// model, shared by the LSM node service (lsm_node.hpp) and the key-value store's replicas
// (sim/services/kv), which call it from their own request actors on the host.
//
// Durable (LsmDurable, survives a crash): the SSTables and the synced commit log, as the block
// keeps them, and the node's counters. Volatile (LsmEngine, one per life of the host): the
// syncer, the compactors and their queue of disk work not yet charged.
//
// Cost model (per operation, on the calling actor unless said otherwise):
//   write   cpu_per_write; the commit-log append's bytes are written to the disk at the next
//           sync (periodic) or before the acknowledgement, with one fsync (batch)
//   read    cpu_per_read + cpu_per_bloom_check per bloom probe; per data block read, one
//           disk_seek then its bytes at the disk's read bandwidth
//   sync    (periodic, the syncer every commitlog_sync_period) the bytes appended since the
//           last sync as one sequential write, then one fsync
//   flush and compaction (the block runs them inside the write that filled the memtable and
//           reports their bytes; a compactor actor charges them without delaying the
//           acknowledgement): cpu_per_compacted_record per record merged, the input bytes
//           read, the output bytes written, one fsync per SSTable written
//   restart the synced commit log replayed: its bytes read sequentially before the first
//           request is served
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sim/net/worker_pool.hpp"
#include "sim/services/lsm/lsm_config.hpp"
#include "sim/storage/lsm/lsm_store.hpp"

namespace sdsim::lsm_service {

struct LsmNodeStats {
  std::uint64_t writes = 0, reads = 0, restarts = 0;
  double commit_log_bytes_charged = 0;  // B written to the disk by the commit log
  double background_bytes_charged = 0;  // B read + written by flushes and compactions
  double background_bytes_dropped = 0;  // B of background work still queued at a crash
  double background_backlog_max = 0;    // B: the largest queue of uncharged background work
  double recovery_seconds = 0;          // s spent replaying commit logs at restarts
};

struct LsmDurable {
  explicit LsmDurable(storage::lsm::LsmOptions options) : store(std::move(options)) {}
  storage::lsm::LsmStore store;
  std::uint64_t lives = 0;
  LsmNodeStats stats;
  double backlog_bytes = 0;  // background work queued now (volatile in fact: zeroed at restart)
};

class LsmEngine {
 public:
  LsmEngine(const LsmNodeConfig& cfg, std::shared_ptr<LsmDurable> durable, std::string name);
  LsmEngine(const LsmEngine&) = delete;
  LsmEngine& operator=(const LsmEngine&) = delete;

  // The start of a life, on the node's host: after a crash the block loses the memtable and
  // the unsynced commit-log tail and replays the rest (charged here, so it delays the first
  // request); then the syncer and the compactors start.
  void start(const std::shared_ptr<LsmEngine>& self);

  // Each returns once its foreground cost is paid; `durable`: synced before returning.
  bool put(std::string key, storage::lsm::Value value, std::int64_t timestamp_us);
  bool remove(std::string key, std::int64_t timestamp_us);
  storage::lsm::ReadResult get(std::string_view key);

  const storage::lsm::LsmStore& store() const { return durable_->store; }
  const std::string& name() const { return name_; }

 private:
  struct Background {
    storage::lsm::DiskWork work;
    std::uint64_t records = 0;
  };
  bool after_write(const storage::lsm::WriteResult& r, std::uint64_t records_before);
  void syncer_loop();

  const LsmNodeConfig& cfg_;
  std::shared_ptr<LsmDurable> durable_;
  std::string name_;
  double unsynced_bytes_ = 0;  // periodic: appended since the last sync, not yet on the disk
  std::unique_ptr<WorkerPool<Background>> compactors_;
};

}  // namespace sdsim::lsm_service
