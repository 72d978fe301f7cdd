// The maps model's messages: a client asks a navigation server for a route between two nodes
// of the road graph; the reply carries the routes (the shortest first, then the alternatives)
// with their waypoints. Sizes: 64 B of header and request; per route 16 B (cost, hops) and
// 8 B per waypoint (two 32-bit coordinates).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::maps {

struct RouteSummary {
  double cost = 0;                                 // s (grid city) or .gr weight units
  std::vector<storage::road_graph::NodeId> waypoints;  // source ... target
};

struct RouteReply {
  static constexpr std::string_view kName = "route_reply";
  std::vector<RouteSummary> routes;  // empty: no path
  double eta_s = 0;                  // eta.enabled: the learned model's trip time
  double wire_bytes() const {
    double b = 64.0;
    for (const RouteSummary& r : routes) b += 16.0 + 8.0 * double(r.waypoints.size());
    return b;
  }
};
struct RouteRequest {
  static constexpr std::string_view kName = "route";
  using Reply = RouteReply;
  storage::road_graph::NodeId source = 0, target = 0;
  std::uint64_t trip = 0;   // the request's number over all clients (its traffic draw)
  double departure_h = 0;   // hour of the day, [0, 24) (eta.enabled)
  double wire_bytes() const { return 64.0; }
};
using NavigationProtocol = std::variant<RouteRequest>;

}  // namespace sdsim::maps
