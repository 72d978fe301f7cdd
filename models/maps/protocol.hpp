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

// Location service: a user's batch of GPS points (location.enabled). The points themselves are
// in the experiment's batch table (LocationBatches), by batch id: the message carries their
// bytes, 64 B of header plus location.point_bytes per point. Acknowledged once the batch is in
// the store at the write consistency and its event on the log.
struct LocationAck {
  static constexpr std::string_view kName = "location_ack";
  double wire_bytes() const { return 64.0; }
};
struct LocationBatch {
  static constexpr std::string_view kName = "location_batch";
  using Reply = LocationAck;
  std::uint64_t batch = 0;  // id in the batch table
  std::uint32_t points = 0;
  double point_bytes = 0;
  double wire_bytes() const { return 64.0 + double(points) * point_bytes; }
};
using LocationProtocol = std::variant<LocationBatch>;

}  // namespace sdsim::maps
