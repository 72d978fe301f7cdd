// The maps model's oracles: every answered route is held against a Dijkstra search run by
// the checker (not charged) on the same graph and costs: a cost that differs from the
// oracle's beyond rounding is a suboptimal route. Alternatives (Yen's k shortest) are checked
// to be loopless (no node twice), distinct, and in non-decreasing cost.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/storage/road_graph/shortest_path.hpp"

namespace sdsim::maps {

// Costs equal up to floating-point rounding (relative 1e-9): the same path summed in another
// order, or an equal-cost tie broken another way.
bool same_cost(double a, double b);

// A path visits no node twice.
bool loopless(std::span<const storage::road_graph::NodeId> nodes);

struct AlternativesCheck {
  std::uint64_t looped = 0;      // paths with a repeated node
  std::uint64_t duplicates = 0;  // a path equal to an earlier one of the same request
  std::uint64_t unsorted = 0;    // a path cheaper than the one before it
  std::uint64_t broken = 0;      // a path not from source to target along graph arcs, or
                                 // whose stated cost is not the sum of its arcs
};
void check_alternatives(const storage::road_graph::RoadGraph& g,
                        std::span<const storage::road_graph::Route> paths,
                        storage::road_graph::NodeId source, storage::road_graph::NodeId target,
                        std::span<const double> costs, AlternativesCheck& out);

}  // namespace sdsim::maps
