// A time-series database node (Gorilla / Prometheus-like): the block (sim/storage/timeseries)
// on a platform host, served by a daemon service with an ingest pool and a query pool,
// restarted with its host. A maintenance actor moves time on every advance_interval
// (retention, blocks to the cold tier) and cuts the head at every multiple of
// block_duration: the points received since the last cut are then persisted with their
// block (and the WAL truncated).
//
// What a crash loses (the hosting model the block leaves to its service):
//   wal: true   nothing acknowledged: an append is acknowledged after its WAL write; the
//               restart replays the WAL (the head's points) before serving
//   wal: false  the head: every point received since the last block cut; the closed blocks
//               and their rollup windows survive
// The volatile rest: queued requests, the maintenance actor (its next pass runs after the
// restart).
//
// Cost model: an append batch costs cpu_per_point_appended per point, and with the WAL
// wal_bytes_per_point per point written to the disk before the acknowledgement; a query
// costs cpu_per_query, cpu_per_point_decoded per point decoded and cpu_per_window_read per
// window (both tiers), its hot bytes at memory_bandwidth, and per cold block read one
// disk_seek plus its bytes at the disk's read bandwidth; a head cut writes the head's encoded
// bytes, a pass moving blocks to the cold tier writes their bytes; the network carries the
// points returned (16 B each) or the windows (24 B each).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/timeseries/protocol.hpp"
#include "sim/services/timeseries/tsdb_config.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::timeseries_service {

struct TsdbStats {
  std::uint64_t points_acknowledged = 0, points_rejected = 0, queries = 0, restarts = 0;
  std::uint64_t points_lost_in_crash = 0;  // wal: false, the head at each crash
  std::uint64_t points_replayed = 0;       // wal: true, the WAL at each restart
  std::uint64_t head_cuts = 0;
  double hot_bytes_read = 0, cold_bytes_read = 0, cold_bytes_written = 0, persisted_bytes = 0;  // B
  std::uint64_t hot_points_decoded = 0, cold_points_decoded = 0, cold_blocks_read = 0;
};

// What survives a crash. `store` is what queries see; without the WAL, `persisted` is the
// store as of the last head cut, and `head` what came since (with the WAL, `head` is the WAL).
struct TsdbDurable {
  explicit TsdbDurable(const storage::timeseries::TimeSeriesOptions& o) : store(o) {}
  storage::timeseries::TimeSeriesStore store;
  std::optional<storage::timeseries::TimeSeriesStore> persisted;
  struct HeadPoint {
    std::size_t series;
    double t, v;
  };
  std::vector<SeriesKey> head_series;
  std::map<std::string, std::size_t> head_index;
  std::vector<HeadPoint> head;
  double head_bits = 0;
  double next_cut = 0;  // s
  std::uint64_t lives = 0;
  TsdbStats stats;
};

class TsdbNode {
 public:
  TsdbNode(RunContext& ctx, std::string name, const std::string& host, TsdbConfig cfg);
  TsdbNode(const TsdbNode&) = delete;
  TsdbNode& operator=(const TsdbNode&) = delete;

  void start();

  const Endpoint<TsdbProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const TsdbConfig& config() const { return cfg_; }
  const storage::timeseries::TimeSeriesStore& store() const { return durable_->store; }
  const TsdbStats& stats() const { return durable_->stats; }
  std::size_t head_points() const { return durable_->head.size(); }

 private:
  RunContext& ctx_;
  std::string name_;
  TsdbConfig cfg_;
  Endpoint<TsdbProtocol> endpoint_;
  std::shared_ptr<TsdbDurable> durable_;
};

}  // namespace sdsim::timeseries_service
