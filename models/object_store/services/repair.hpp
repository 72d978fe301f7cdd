// Repair: workers on the placement service's host take lost shards from the queue, read
// `needed` surviving shards (a copy, or k chunks) from their data nodes, decode (erasure
// coding: CPU as flops), write the rebuilt shard to a new node chosen on the ring away from
// the object's other shards, and update the object's row. All repair streams together stay
// under `repair_bandwidth` (bytes read + written per second).
#pragma once

#include "models/object_store/cluster.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

void run_repair_worker(RunContext& ctx, Cluster& c, int index);

}  // namespace sdsim::object_store
