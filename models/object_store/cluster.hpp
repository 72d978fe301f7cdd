// What the object store's services share: the configuration, the blob store its data goes
// through (sim/services/blob: placement, data nodes, chunk I/O), the durable state of every
// metadata shard (behind shared_ptrs, so it survives host restarts), the repair queue, and the
// run's measurements.
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
#include "sim/metrics/histogram.hpp"
#include "sim/net/net.hpp"
#include "sim/services/blob/blob_store.hpp"
#include "sim/storage/hash_ring.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

using blob_service::Extent;
using blob_service::NodeStore;
using blob_service::ShardKey;

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
  LatencyHistogram put_latency, get_latency, repair_time;  // detection: blob->stats
  std::uint64_t puts_ok = 0, puts_failed = 0, gets_ok = 0, gets_failed = 0, gets_degraded = 0;
  double repair_bytes = 0.0, needless_repair_bytes = 0.0, repair_wasted_bytes = 0.0;
  std::uint64_t repaired_shards = 0, disk_failures = 0;
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
  std::vector<std::shared_ptr<MetaShard>> meta;
  // The data path: placement service, data nodes, their disks, the cluster map.
  std::unique_ptr<blob_service::BlobStore> blob;
  // Where the model's own services are.
  Endpoint<ApiProtocol> api;
  std::vector<Endpoint<MetadataProtocol>> metadata;
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
std::string metadata_service(int shard);

// Model-level operations shared by fault handling and the repair loop.
// `by_nature`: a stochastic failure of the AFR process (its losses feed durability.simulated),
// not a scheduled disk_loss fault.
void lose_disk(RunContext& ctx, Cluster& c, int node, int disk, bool by_nature);

}  // namespace sdsim::object_store
