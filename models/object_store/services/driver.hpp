// The object store's load, in phases, from the client host:
//   1. load    `workload.clients` writers PUT objects 0..objects-1 (closed loop)
//   2. delete  objects 0..deletes-1 are deleted
//   3. list    three listings of the bucket (root with "/", one prefix without delimiter, all)
//   4. serve   `workload.clients` readers GET random live objects at `workload.rate` in all
//              until `workload.duration`
//   5. drain   wait (at most `drain`) for the repair queue to empty
// Every request is recorded in requests.csv with its client-side latency and outcome.
#pragma once

#include <string>

#include "models/object_store/cluster.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

// Object i's name: "obj-000042" (flat), or in a tree "CA/cities/city-42.txt" (regions CA, NY,
// TX by i % 3) with every tenth object at the root as "file-<i>.txt" (tree).
std::string object_name(const Config& cfg, int i);

void start_driver(RunContext& ctx, Cluster& c);

}  // namespace sdsim::object_store
