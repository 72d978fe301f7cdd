#include "models/object_store/cluster.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

int Cluster::meta_shard_of(const std::string& bucket, const std::string& name) const {
  return static_cast<int>(HashRing::hash(bucket + "\n" + name) % meta.size());
}

int Cluster::listing_shard_of(const std::string& bucket) const {
  return static_cast<int>(HashRing::hash(bucket) % meta.size());
}

std::uint64_t Cluster::object_id(const std::string& bucket, const std::string& name) {
  return HashRing::hash(bucket + "/" + name);
}

ObjectRow* Cluster::row(const std::string& bucket, const std::string& name) {
  auto& objects = meta[meta_shard_of(bucket, name)]->objects;
  auto it = objects.find({bucket, name});
  return it == objects.end() ? nullptr : &it->second;
}

int Cluster::stored_shards(const ObjectRow& r) const {
  int n = 0;
  for (std::size_t s = 0; s < r.nodes.size(); ++s)
    if (blob->stores[r.nodes[s]]->has({r.id, static_cast<int>(s)})) ++n;
  return n;
}

int Cluster::reachable_shards(const ObjectRow& r) const {
  int n = 0;
  for (std::size_t s = 0; s < r.nodes.size(); ++s)
    if (blob->died_at[r.nodes[s]] < 0 && blob->stores[r.nodes[s]]->has({r.id, static_cast<int>(s)}))
      ++n;
  return n;
}

void Cluster::refresh(std::uint64_t id) {
  const int needed = cfg.scheme.needed();
  auto was = reach.find(id);
  if (was != reach.end() && was->second < needed) --unavailable;
  auto row = rows_by_id.find(id);
  if (row == rows_by_id.end()) {
    if (was != reach.end()) reach.erase(was);
    return;
  }
  const int now = reachable_shards(*row->second);
  if (now < needed) ++unavailable;
  if (now < cfg.scheme.shards()) stats.degraded.insert(id);  // lost ones are excluded at the end
  if (was != reach.end())
    was->second = now;
  else
    reach.emplace(id, now);
}

void Cluster::refresh_node(int node) {
  std::uint64_t last = 0;
  bool first = true;
  for (const auto& [key, extent] : blob->stores[node]->extents) {
    if (!first && key.first == last) continue;  // the map is ordered by object id
    first = false;
    last = key.first;
    refresh(key.first);
  }
}

std::uint64_t Cluster::recount_unavailable() const {
  std::uint64_t n = 0;
  for (const auto& shard : meta)
    for (const auto& [k, r] : shard->objects)
      if (reachable_shards(r) < cfg.scheme.needed()) ++n;
  return n;
}

void Cluster::enqueue_repair(RepairTask t) {
  repairs.push_back(std::move(t));
  repair_cv->notify_one();
}

std::string metadata_service(int shard) { return fmt::format("metadata-{}", shard); }

// A disk's contents are gone: its shards vanish, objects below `needed` shards are lost for
// good, the others are degraded and queued for repair. The disk is replaced (empty) later.
void lose_disk(RunContext& ctx, Cluster& c, int node, int disk, bool by_nature) {
  // The node sees its I/O errors and tells the placement service at once (as it queues the
  // disk's repairs at once); a replaced disk is reported at once too.
  auto erased = c.blob->fail_disk(node, disk);
  if (!erased) return;  // already dead and not yet replaced
  const std::vector<ShardKey>& gone = *erased;
  const NodeStore::Disk& d = c.blob->stores[node]->disks.at(disk);
  ++c.stats.disk_failures;
  int lost = 0;
  for (const auto& [id, s] : gone) {
    c.refresh(id);
    auto it = c.rows_by_id.find(id);
    if (it == c.rows_by_id.end()) continue;
    ObjectRow& r = *it->second;
    if (static_cast<std::size_t>(s) >= r.nodes.size() || r.nodes[s] != node)
      continue;  // stale copy
    if (c.stats.lost.count(id)) continue;
    if (c.stored_shards(r) < c.cfg.scheme.needed()) {
      c.stats.lost.insert(id);
      if (by_nature) ++c.stats.lost_by_nature;
      ++lost;
      ctx.event("object_lost", r.name,
                fmt::format("shard {} was on {}:{}", s, c.blob->hosts[node], d.name));
      continue;
    }
    c.stats.degraded.insert(id);
    c.enqueue_repair({r.bucket, r.name, s, node, sg4::Engine::get_clock(), false});
  }
  ctx.event("disk_lost", c.blob->hosts[node],
            fmt::format("disk={} shards={} objects_lost={}", d.name, gone.size(), lost));
  // The replacement disk arrives empty after replace_after.
  // Nature's doing (a technician), so no crash of a model host can cancel it.
  ctx.timeline().at(sg4::Engine::get_clock() + c.cfg.failures.replace_after, "disk-replacement",
                    [&ctx, &c, node, disk] {
                      c.blob->replace_disk(node, disk);
                      ctx.event("disk_replaced", c.blob->hosts[node],
                                "disk=" + c.blob->stores[node]->disks[disk].name);
                    });
}

}  // namespace sdsim::object_store
