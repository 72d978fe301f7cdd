#include "models/object_store/services/repair.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/model/run_context.hpp"
#include "sim/net/rpc.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {
namespace {

enum class Outcome { Done, Skipped, Retry };
Outcome finish(Cluster& c, const RepairTask& t, double moved, double start);

// Where the rebuilt shard goes; empty when nowhere can take it now. A lost disk on a live node
// with another healthy disk: that node (its place on the ring and in the failure domains is
// unchanged). Otherwise the ring's next node that can store, away from the object's other
// shards: never a node whose disks are all dead.
std::vector<int> repair_target(const Cluster& c, const ObjectRow& row, const RepairTask& t) {
  const auto& disks = c.blob->stores[t.from_node]->disks;
  const bool node_ok =
      c.blob->up[t.from_node] &&
      std::any_of(disks.begin(), disks.end(), [](const NodeStore::Disk& d) { return !d.failed; });
  if (node_ok) return {t.from_node};
  std::vector<int> others;
  for (int s = 0; s < c.cfg.scheme.shards(); ++s)
    if (s != t.shard) others.push_back(row.nodes[s]);
  return c.blob->ring->select(row.id, 1, c.cfg.rack_aware, others,
                              [&](int n) { return c.blob->can_store(n) && n != t.from_node; });
}

// Bytes moved by a repair that rebuilt nothing: traffic, but not repair.
Outcome wasted(Cluster& c, double moved, Outcome o) {
  c.stats.repair_wasted_bytes += moved;
  return o;
}

Outcome repair_one(RunContext& ctx, Cluster& c, Rpc& rpc, const RepairTask& t) {
  const Scheme& scheme = c.cfg.scheme;
  ObjectRow* row = c.row(t.bucket, t.name);
  if (row == nullptr || c.stats.lost.count(row->id)) return Outcome::Skipped;  // deleted or lost
  if (row->nodes.at(t.shard) != t.from_node) return Outcome::Skipped;          // already moved
  // The node came back with the shard before we got to it: nothing to do.
  if (c.blob->up[t.from_node] && c.blob->stores[t.from_node]->has({row->id, t.shard}))
    return Outcome::Skipped;
  const double shard_bytes = scheme.shard_bytes(row->size);
  // No node can take the shard now: do not read sources for nothing.
  if (repair_target(c, *row, t).empty()) return Outcome::Retry;

  // Sources: other shards on nodes the map holds up, data shards first; a source that fails
  // is replaced by the next one, as a degraded GET does.
  std::vector<bool> usable(scheme.shards()), have(scheme.shards(), false);
  for (int s = 0; s < scheme.shards(); ++s) usable[s] = s != t.shard && c.blob->up[row->nodes[s]];
  const double start = sg4::Engine::get_clock();
  double moved = 0.0;
  while (true) {
    ReadPlan plan = plan_read(scheme, usable);
    if (!plan.possible) return wasted(c, moved, Outcome::Retry);
    std::vector<Rpc::Call<DataNodeProtocol, ChunkRead>> reads;
    std::vector<int> asked;
    for (int s : plan.shards) {
      if (have[s]) continue;
      asked.push_back(s);
      reads.push_back({&c.blob->datanodes[row->nodes[s]], ChunkRead{row->id, s}});
    }
    if (asked.empty()) break;
    auto st = rpc.gather(reads, static_cast<int>(asked.size()), c.cfg.datanode_timeout * 4);
    for (std::size_t i = 0; i < asked.size(); ++i) {
      if (st[i].ok())
        have[asked[i]] = true, moved += shard_bytes;
      else
        usable[asked[i]] = false;
    }
    row = c.row(t.bucket, t.name);
    if (row == nullptr || row->nodes.at(t.shard) != t.from_node)
      return wasted(c, moved, Outcome::Skipped);
  }
  if (scheme.erasure())
    sg4::this_actor::execute(c.cfg.cost.decode_flops_per_byte * shard_bytes * scheme.k);

  row = c.row(t.bucket, t.name);  // the table may have changed while we read
  if (row == nullptr || row->nodes.at(t.shard) != t.from_node)
    return wasted(c, moved, Outcome::Skipped);
  const std::vector<int> target = repair_target(c, *row, t);
  if (target.empty()) return wasted(c, moved, Outcome::Retry);
  std::vector<Rpc::Call<DataNodeProtocol, ChunkWrite>> write{
      {&c.blob->datanodes[target[0]], ChunkWrite{row->id, t.shard, shard_bytes}}};
  auto ws = rpc.gather(write, 1, c.cfg.datanode_timeout * 4);
  if (!ws[0].ok()) return wasted(c, moved + shard_bytes, Outcome::Retry);
  moved += shard_bytes;
  row = c.row(t.bucket, t.name);
  if (row == nullptr) return wasted(c, moved, Outcome::Skipped);
  row->nodes[t.shard] = target[0];
  c.refresh(row->id);
  // The old node may still hold a stale copy (it was only unreachable): tell it to drop it.
  if (target[0] != t.from_node)
    ctx.net().send(c.blob->datanodes[t.from_node], ChunkDelete{row->id, t.shard});
  return finish(c, t, moved, start);
}

// Accounts a rebuilt shard and keeps this stream under its share of the repair bandwidth.
Outcome finish(Cluster& c, const RepairTask& t, double moved, double start) {
  c.stats.repair_bytes += moved;
  if (t.needless) c.stats.needless_repair_bytes += moved;
  ++c.stats.repaired_shards;
  c.stats.repair_time.add(sg4::Engine::get_clock() - t.enqueued);
  // Stay under this stream's share of the repair bandwidth.
  const double share = c.cfg.repair.bandwidth / c.cfg.repair.streams;
  const double min_time = moved / share;
  const double spent = sg4::Engine::get_clock() - start;
  if (spent < min_time) sg4::this_actor::sleep_for(min_time - spent);
  return Outcome::Done;
}

}  // namespace

namespace {
// A task in a worker's hands: counted active until it ends; if the worker dies with its host
// (the stack unwinds) the task goes back to the queue for the next incarnation's workers.
class ActiveRepair {
 public:
  ActiveRepair(Cluster& c, RepairTask t) : c_(c), task_(std::move(t)) { ++c_.repairs_active; }
  ~ActiveRepair() {
    --c_.repairs_active;
    if (!done_) c_.repairs.push_back(std::move(task_));
  }
  ActiveRepair(const ActiveRepair&) = delete;
  ActiveRepair& operator=(const ActiveRepair&) = delete;
  const RepairTask& task() const { return task_; }
  void done() { done_ = true; }

 private:
  Cluster& c_;
  RepairTask task_;
  bool done_ = false;
};
}  // namespace

void run_repair_worker(RunContext& ctx, Cluster& c, int index) {
  Rpc rpc(ctx.net(), fmt::format("repair-{}", index));
  while (true) {
    RepairTask t;
    {
      std::unique_lock lock(*c.repair_mutex);
      while (c.repairs.empty()) c.repair_cv->wait(lock);
      t = std::move(c.repairs.front());
      c.repairs.pop_front();
    }
    ActiveRepair active(c, std::move(t));
    if (repair_one(ctx, c, rpc, active.task()) == Outcome::Retry) {
      // Not enough sources or no target now: try again later (nodes may come back). The
      // destructor puts it back at the end of the queue.
      sg4::this_actor::sleep_for(1.0);
      continue;
    }
    active.done();
  }
}

}  // namespace sdsim::object_store
