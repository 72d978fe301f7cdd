// What the ad-click model's actors share: the configuration, the raw click stream, the log
// service and the KV store they run on, what each aggregate node has made durable (its
// snapshot), what the store holds (the rows as acknowledged), the reduce step's inputs, and the
// late clicks' side output. The checker (checker.hpp) reads it after the run.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "models/ad_click/clicks.hpp"
#include "models/ad_click/params.hpp"
#include "models/ad_click/topn.hpp"
#include "models/ad_click/windows.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/services/kv/kv_store.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::ad_click {

// An aggregate node's window state with the log positions it covers: what a snapshot holds.
struct NodeState {
  std::map<int, PartitionWindows> partitions;    // by log partition
  std::map<int, log_service::Offset> positions;  // next offset to read, per partition
  std::set<int> ended;                           // partitions whose end marker was read
  // Closed windows' per-ad totals kept for the sliding top N (the last top_windows - 1).
  std::map<std::int64_t, std::map<int, std::uint64_t>> recent;
  std::map<std::int64_t, int> closed_partitions;  // how many of its partitions closed each window
};

// One stored row: the counts of one partition's ads in one window (key "agg/<p>/<window>").
struct StoredRow {
  std::map<int, std::vector<std::uint64_t>> events;     // ad -> events counted (filter 0)
  std::map<std::pair<int, int>, std::uint64_t> counts;  // (ad, filter) -> stored count
  double first_stored = 0.0;                            // s
};

struct NodeRecord {
  std::optional<NodeState> snapshot;  // durable: the last snapshot the store acknowledged
  std::map<int, log_service::Offset> positions;  // the running incarnation's (volatile)
  double crashed_at = -1.0;                      // s: the last crash not yet recovered from
  std::map<int, log_service::Offset> positions_at_crash;
  bool done = false;  // every partition ended and every window stored
  std::uint64_t restarts = 0, clicks_read = 0, snapshots = 0;
  double busy = 0.0;  // s spent processing clicks (the node's load)
  double lag = 0.0;   // s: the longest a click record waited in the log for this node
};

struct Experiment {
  Experiment(const Config& cfg, RunContext& ctx);
  Config cfg;
  RunContext& ctx;
  ClickStream clicks;
  log_service::LogCluster log;
  kv_service::KvStore store;
  std::vector<const log_service::Topic*> topics;  // one per node: its partitions
  std::vector<int> groups;                        // one consumer group per node
  int partitions = 0;
  std::vector<NodeRecord> nodes;
  std::map<std::pair<int, std::int64_t>, StoredRow> rows;  // (partition, window)
  // The reduce step's inputs: each node's top N per window, as last deposited.
  std::map<std::int64_t, std::map<int, std::vector<Ranked>>> node_tops;
  std::set<std::uint64_t> late_side_output;  // events dropped as late (Flink's side output)
  std::vector<bool> appended;  // per record id: in the log (acknowledged or seen appended)
  std::vector<bool> stored;    // per event: in some stored row already
  LatencyHistogram latency;    // event time -> first stored, per counted event
  std::uint64_t writes = 0, write_retries = 0;
  double recovery_time = 0.0;  // s: the longest crash-to-caught-up time of a node
};

}  // namespace sdsim::ad_click
