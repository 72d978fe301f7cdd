// The LSM storage node's settings: the block's options named and defaulted as Cassandra's
// (cassandra.yaml and the CQL compaction sub-options), the node's request threads, and the
// small cost model that turns the block's counted work into CPU and disk time.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/storage/lsm/options.hpp"

namespace sdsim::lsm_service {

// What one unit of the block's work costs on the node (not Cassandra settings: figures for an
// SSD-backed node, after sim/storage/lsm/README.md's suggested cost model).
struct LsmCosts {
  double cpu_per_write{};             // s of one core: a commit-log append and memtable insert
  double cpu_per_read{};              // s: parsing, the memtable probe, merging the versions
  double cpu_per_bloom_check{};       // s
  double cpu_per_compacted_record{};  // s: merge work per record read by a compaction
  double disk_seek{};                 // s before each random read of a data block
  double fsync{};                     // s per fsync (commit log sync, end of an SSTable write)
};

struct LsmNodeConfig {
  storage::lsm::CompactionStrategy compaction{};
  // size-tiered
  int min_threshold{}, max_threshold{};
  double bucket_low{}, bucket_high{}, min_sstable_size{};  // min_sstable_size in B
  // leveled
  double sstable_size{};  // B
  int fanout_size{};
  double memtable_flush_size{};     // B
  double bloom_filter_fp_chance{};  // 0: the strategy's default
  double block_size{};              // B
  storage::lsm::CommitLogSync commitlog_sync{};
  double commitlog_sync_period{};  // s
  double gc_grace{};               // s
  int concurrent_reads{}, concurrent_writes{}, concurrent_compactors{};
  LsmCosts costs;

  // The block's options (throws std::invalid_argument on a combination the block refuses).
  storage::lsm::LsmOptions options() const;
};

// Declared once; a model exposes it as a group (`.group("storage", ..., &Cfg::lsm,
// lsm_node_params())`) or at its top level (`inline_fields`).
const ParamTable<LsmNodeConfig>& lsm_node_params();
const ParamTable<LsmCosts>& lsm_cost_params();

}  // namespace sdsim::lsm_service
