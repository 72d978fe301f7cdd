// What the object store's services share: the configuration, the durable state of every data
// node and metadata shard (behind shared_ptrs, so it survives host restarts), the placement
// service's cluster map and ring, the repair queue, and the run's measurements.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <simgrid/s4u.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/object_store/listing.hpp"
#include "models/object_store/params.hpp"
#include "models/object_store/protocol.hpp"
#include "models/object_store/scheme.hpp"
#include "sim/coord/failure_detector.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/net/net.hpp"
#include "sim/storage/hash_ring.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

struct Extent {
  int disk = 0;
  int file = 0;         // data file on that disk (objects are appended to large files)
  double offset = 0.0;  // B
  double size = 0.0;    // B
  bool tombstone = false;
};

using ShardKey = std::pair<std::uint64_t, int>;  // (object id, shard index)

// A data node's durable state: its disks' data files and the object id -> extent map.
struct NodeStore {
  struct Disk {
    std::string name;
    bool failed = false;
    int file = 0;
    double offset = 0.0;
  };
  static constexpr double kFileSize = 1e9;  // a data file is closed when it reaches 1 GB
  std::vector<Disk> disks;
  std::map<ShardKey, Extent> extents;
  int next_disk = 0;
  bool has(const ShardKey& k) const;
  double live_bytes() const;
};

// One metadata shard: object rows whose hash(bucket, name) falls on it, and the listing
// indexes of the buckets whose hash falls on it.
struct MetaShard {
  std::map<std::pair<std::string, std::string>, ObjectRow> objects;
  std::map<std::string, ListingIndex> listings;
};

struct RepairTask {
  std::string bucket, name;
  int shard = 0;
  int from_node = 0;
  double enqueued = 0.0;
  bool needless = false;  // its node was alive when declared dead
};

struct Stats {
  LatencyHistogram put_latency, get_latency, repair_time, detection_delay;
  std::uint64_t puts_ok = 0, puts_failed = 0, gets_ok = 0, gets_failed = 0, gets_degraded = 0;
  double repair_bytes = 0.0, needless_repair_bytes = 0.0, repair_wasted_bytes = 0.0;
  std::uint64_t repaired_shards = 0, disk_failures = 0, false_down = 0;
  std::set<std::uint64_t> lost, degraded;
  std::uint64_t lost_by_nature = 0;
  std::uint64_t get_shard_reads = 0;  // shard reads GETs asked for (retries of failed shards
                                      // included)  // objects lost at a stochastic disk failure
  std::uint64_t unavailable_max = 0;
  std::uint64_t availability_audits = 0, availability_mismatches = 0;  // check_availability
  std::map<std::string, double> listing;                               // list.* metrics
  double load_done = 0.0;                                              // when the PUT phase ended
};

struct Cluster {
  Config cfg;
  std::vector<std::string> datanode_hosts;  // index = data node number = ring node
  std::vector<std::shared_ptr<NodeStore>> stores;
  std::vector<std::shared_ptr<MetaShard>> meta;
  std::unique_ptr<HashRing> ring;
  // Where the services are.
  Endpoint<ApiProtocol> api;
  Endpoint<PlacementProtocol> placement;
  std::vector<Endpoint<DataNodeProtocol>> datanodes;
  std::vector<Endpoint<MetadataProtocol>> metadata;
  // The placement service's cluster map: `up` is its view, fed by the failure detector.
  std::unique_ptr<FailureDetector> detector;
  std::vector<bool> up;
  std::vector<bool>
      writable;  // it has a healthy disk (reported by the node at each disk loss and replacement)
  // A placement or repair target: up, with a disk that can take the shard.
  bool can_store(int node) const { return up[node] && writable[node]; }
  std::vector<double> died_at;  // host turned off (-1 = on): for detection delays
  // Every object row by id (pointers into the metadata shards' tables, kept by MetadataShard),
  // and the availability kept up to date as rows, shards and hosts change: `reach` holds each
  // row's reachable shards as last counted, `unavailable` how many rows have fewer than needed.
  std::unordered_map<std::uint64_t, ObjectRow*> rows_by_id;
  std::unordered_map<std::uint64_t, int> reach;
  std::uint64_t unavailable = 0;
  // Repair.
  std::deque<RepairTask> repairs;
  int repairs_active = 0;
  simgrid::s4u::MutexPtr repair_mutex = simgrid::s4u::Mutex::create();
  simgrid::s4u::ConditionVariablePtr repair_cv = simgrid::s4u::ConditionVariable::create();
  Stats stats;

  int meta_shard_of(const std::string& bucket, const std::string& name) const;
  int listing_shard_of(const std::string& bucket) const;
  static std::uint64_t object_id(const std::string& bucket, const std::string& name);
  ObjectRow* row(const std::string& bucket, const std::string& name);
  // Shards of `r` still on disk somewhere (a crashed node's data counts: it survives).
  int stored_shards(const ObjectRow& r) const;
  // Shards of `r` on disk at a node whose host is on.
  int reachable_shards(const ObjectRow& r) const;
  void enqueue_repair(RepairTask t);
  // The object's shards, row or a host holding it changed: recount its reachable shards
  // (O(shards)), update `unavailable`, and note it degraded if it misses a shard. Call after
  // the change.
  void refresh(std::uint64_t id);
  // A data node's host went down or up: refresh every object it holds a shard of.
  void refresh_node(int node);
  // The full recount `unavailable` must equal (O(objects)): for audits and tests.
  std::uint64_t recount_unavailable() const;
};

// Endpoint names.
std::string datanode_service(int node);
std::string metadata_service(int shard);

// Model-level operations shared by fault handling and the repair loop.
// `by_nature`: a stochastic failure of the AFR process (its losses feed durability.simulated),
// not a scheduled disk_loss fault.
void lose_disk(RunContext& ctx, Cluster& c, int node, int disk, bool by_nature);
int datanode_index(const Cluster& c, const std::string& host);

}  // namespace sdsim::object_store
