// The location service's shared state (location.enabled): the services it composes (the
// replicated KV store holding the location history, the log carrying location events), and
// the ledger of every batch and event, from which the metrics and locations.csv are computed
// and against which the checks hold the stores' contents at the end.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/maps/protocol.hpp"
#include "sim/net/net.hpp"
#include "sim/services/kv/kv_store.hpp"
#include "sim/services/log/appender.hpp"
#include "sim/services/log/log_cluster.hpp"
#include "sim/storage/road_graph/road_graph.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"

namespace sdsim::maps {

// One GPS point as the user's phone recorded it; the arc stands for map matching (the model
// knows where the user drove).
struct GpsPoint {
  double time = 0;  // s
  storage::road_graph::ArcId arc = 0;
  float speed = 0;  // m/s
};

// One batch of a user, from its making to the end of the run.
struct BatchRecord {
  std::uint32_t user = 0, seq = 0;  // seq: the user's batch number, 0, 1, ...
  std::uint64_t first_point = 0;    // index in LocationState::points
  std::uint32_t points = 0;
  double made = 0;           // s: when the user closed it (the time of its send slot)
  double acknowledged = -1;  // s: the user got the acknowledgement (-1: never)
  double latency = -1;       // s: the acknowledged attempt's, at the user
  int attempts = 0;          // requests sent for it
  int publications = 0;      // events published for it (> 1: the batch was sent again)
  double consumed = -1;      // s: the traffic consumer first read one of its events
  int consumptions = 0;      // events of it the consumer read
  int replicas_holding = 0;  // at the end: store replicas whose LSM store holds its key
};

// One location event on the log: a batch published by a location server.
struct LocationEvent {
  std::uint64_t batch = 0;
  double handed = 0;  // s: handed to the producer
};

struct LocationCounters {
  std::uint64_t store_failures = 0;    // batches the store did not acknowledge
  std::uint64_t publish_failures = 0;  // events the log did not acknowledge
  std::uint64_t reads = 0, stale_reads = 0, read_failures = 0;
  std::uint64_t events_consumed = 0, duplicate_events = 0, out_of_order = 0;
  std::uint64_t traffic_points = 0;  // points the traffic consumer applied
  double lag_max = 0, lag_sum = 0;   // s: event handed over -> consumed (first consumption)
  std::uint64_t lag_count = 0;
};

// The traffic consumer's view of one arc: the speeds its points reported.
struct ArcSpeed {
  std::uint64_t points = 0;
  double speed_sum = 0;  // m/s
};

struct LocationState {
  std::string key(std::uint64_t batch) const {
    const BatchRecord& b = batches[batch];
    return "loc/" + std::to_string(b.user) + "/" + std::to_string(b.seq);
  }

  std::unique_ptr<kv_service::KvStore> store;
  std::unique_ptr<log_service::LogCluster> log;
  const log_service::Topic* topic = nullptr;
  int group = 0;
  std::vector<std::unique_ptr<log_service::LogAppender>> appenders;  // one per server
  std::vector<Endpoint<LocationProtocol>> servers;
  // Client-side route planning (not charged): searches run between simcalls, so the users
  // share it.
  std::unique_ptr<storage::road_graph::ShortestPathSearch> planner;

  std::vector<BatchRecord> batches;
  std::vector<GpsPoint> points;
  std::vector<LocationEvent> events;  // by record id
  // Acknowledged batches in the order of their acknowledgement, for the readers' window.
  std::vector<std::pair<double, std::uint64_t>> acked;
  std::vector<std::uint32_t> consumed_seq;  // per user: the highest seq consumed + 1 (0: none)
  std::map<storage::road_graph::ArcId, ArcSpeed> arcs;  // the traffic consumer's estimate
  LocationCounters n;
};

// The store's LSM work over all its nodes: (flush + compaction bytes written) / client bytes
// written, with and without the commit log, and the bytes themselves.
struct StoreAmplification {
  double write = 0, write_with_commit_log = 0;
  double flush_bytes = 0, compaction_bytes = 0;  // B written (compaction: read + written)
  double records_lost_in_crash = 0;              // unsynced commit-log records crashes lost
};
StoreAmplification store_amplification(const kv_service::KvStore& store);

// The end-of-run recount: for every batch, how many of its key's replicas hold it in their
// LSM store (read through the block, uncharged: LsmStore::peek); fills replicas_holding.
void recount_replicas(LocationState& s);

}  // namespace sdsim::maps
