// The blob store service: whole blobs (an object's bytes, an email attachment, a map tile)
// cut into chunks (N copies, or the k + m chunks of RS(k, m)) placed on data nodes by a
// consistent-hash ring (sim/storage/hash_ring, rack-aware), stored on the data nodes' disks.
//   - a placement service (one host) keeps the cluster map from the data nodes' heartbeats
//     (sim/coord's failure detector: a node silent for `heartbeat.grace` is declared dead, its
//     next heartbeat brings it back) and answers `Place` with the ring's choice of nodes that
//     are up and have a healthy disk;
//   - a data node per host appends chunks to 1 GB data files on its disks (round-robin over
//     the healthy ones), keeps an id -> (disk, file, offset, size) map, leaves tombstones;
//   - clients (blob_client.hpp) PUT and GET whole blobs: placement, encode, chunk writes in
//     parallel, acknowledgements; data chunks first on a GET, parity for the missing ones.
// Where a blob's chunks are (its BlobRef) is the caller's to keep, as Haystack's directory
// or an object store's metadata does: the store itself keeps no blob index.
//
// Durable (survives a crash of its host): a data node's disks, data files and extent map; the
// cluster map (`up`, `writable`). Volatile: the chunk I/O in progress on a data node (a write
// not yet on disk when the host dies is never stored nor acknowledged), the placement
// service's heartbeat clocks (every node's grace starts again at its restart).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/coord/failure_detector.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/net/net.hpp"
#include "sim/services/blob/blob_config.hpp"
#include "sim/services/blob/protocol.hpp"
#include "sim/storage/hash_ring.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::blob_service {

struct Extent {
  int disk = 0;
  int file = 0;         // data file on that disk (chunks are appended to large files)
  double offset = 0.0;  // B
  double size = 0.0;    // B
  bool tombstone = false;
};

using ShardKey = std::pair<std::uint64_t, int>;  // (blob id, chunk index)

// A data node's durable state: its disks' data files and the blob id -> extent map.
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

struct BlobStats {
  std::uint64_t chunks_written = 0, chunks_read = 0, chunk_errors = 0;
  std::uint64_t writes_lost_in_crash = 0;        // chunk writes in progress when their host died
  std::uint64_t node_downs = 0, false_down = 0;  // declared dead (while alive: false)
  LatencyHistogram detection_delay;              // host death to declared dead
};

// What a model built on the store wants to hear of (each may be left empty).
struct BlobHooks {
  std::function<void(std::uint64_t id)> chunks_changed;  // a chunk of `id` stored or tombstoned
  std::function<void(int node)> host_changed;            // a data node's host went off or on
  // The placement service declared `node` dead (`alive`: its host is on); returns the
  // node_down event's detail.
  std::function<std::string(int node, bool alive)> node_down;
  // On the placement host after each (re)start of the placement service: its extra actors.
  std::function<void()> placement_started;
};

class BlobStore {
 public:
  // `prefix` names the services ("" gives placement, datanode-<i>; "tiles" gives
  // tiles-placement, tiles-datanode-<i>). Throws std::runtime_error for a data node without
  // disks.
  BlobStore(RunContext& ctx, BlobConfig cfg, std::string placement_host,
            std::vector<std::string> datanode_hosts, std::string prefix = "");
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;

  // Registration and start, in steps for models that interleave their own services; start()
  // does all four.
  void register_placement();
  void register_datanodes();
  void start_placement();
  void start_datanodes();
  void start();

  std::string datanode_service(int node) const;
  int node_of_host(const std::string& host) const;  // -1 when not a data node
  // A placement or repair target: up in the map, with a disk that can take a chunk.
  bool can_store(int node) const { return up[node] && writable[node]; }
  // A disk's contents are gone: the chunks it held (tombstones excepted) are erased and
  // returned; nullopt when it was already dead. The node can store nothing more when all its
  // disks are dead (writable).
  std::optional<std::vector<ShardKey>> fail_disk(int node, int disk);
  // An empty disk replaces a dead one.
  void replace_disk(int node, int disk);

  RunContext& ctx;
  const BlobConfig cfg;
  const std::string prefix;
  std::string placement_host;
  std::vector<std::string> hosts;  // index = data node number = ring node
  std::vector<std::shared_ptr<NodeStore>> stores;
  std::unique_ptr<HashRing> ring;
  Endpoint<PlacementProtocol> placement;
  std::vector<Endpoint<DataNodeProtocol>> datanodes;
  // The placement service's cluster map: `up` is its view, fed by the failure detector;
  // `writable`: the node has a healthy disk (reported by the node at each disk loss and
  // replacement).
  std::unique_ptr<FailureDetector> detector;
  std::vector<bool> up, writable;
  std::vector<double> died_at;          // host turned off (-1 = on)
  std::vector<int> writes_in_progress;  // per data node: counted lost at its next start
  BlobStats stats;
  BlobHooks hooks;
};

}  // namespace sdsim::blob_service
