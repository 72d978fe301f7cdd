// What the actors of one maps run share: the configuration, the road graph (durable: a
// navigation server that restarts routes on the same map), the service endpoints, and what
// the searches and their checks measured, read after the simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/maps/checker.hpp"
#include "models/maps/eta.hpp"
#include "models/maps/location.hpp"
#include "models/maps/params.hpp"
#include "models/maps/protocol.hpp"
#include "sim/net/net.hpp"
#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::maps {

// One route of a request as one algorithm found it (a routes.csv row).
struct RouteRow {
  std::string_view algorithm;  // astar | dijkstra
  int rank = 0;                // 0 the shortest, 1.. the alternatives
  bool found = false;
  double cost = 0;
  std::size_t hops = 0;
  std::uint64_t nodes_expanded = 0;  // this algorithm's searches for the request, all ranks
  std::vector<storage::road_graph::NodeId> path;  // when write_paths
};

// A request as a navigation server answered it, kept until the client's outcome is recorded.
struct RouteOutcome {
  storage::road_graph::NodeId source = 0, target = 0;
  std::vector<RouteRow> rows;
  std::uint64_t nodes_expanded = 0;  // every search charged for the request
  double cost = 0;                   // the answered route's (rank 0 of the first algorithm)
  std::size_t hops = 0;
  bool found = false;
  // eta.enabled and found: the request's departure, the predictions and the truth (s).
  double departure_h = 0, eta = 0, baseline = 0, actual = 0;
};

struct Experiment {
  Config cfg;
  std::unique_ptr<storage::road_graph::RoadGraph> graph;
  double scale = 0;  // A*'s heuristic: straight line x scale (admissible at free flow)
  std::uint64_t seed = 1;
  TrafficProfile traffic;
  EtaModel eta;
  std::uint64_t eta_trips = 0;  // historical trips fitted on
  std::vector<Endpoint<NavigationProtocol>> servers;

  // Measured by the servers and their checks (every search, whatever the client saw).
  std::unordered_map<std::uint64_t, RouteOutcome> answered;  // by request id
  std::uint64_t checked = 0;      // routes held against the Dijkstra oracle
  std::uint64_t suboptimal = 0;   // ... whose cost differed from the oracle's
  std::uint64_t unreachable = 0;  // requests with no path (the oracle agreeing)
  std::uint64_t alternative_sets = 0, alternatives = 0;  // k > 1: requests, paths returned
  AlternativesCheck alternatives_check;
  std::uint64_t astar_nodes = 0, dijkstra_nodes = 0, astar_searches = 0, dijkstra_searches = 0;

  LocationState location;  // location.enabled
};

}  // namespace sdsim::maps
