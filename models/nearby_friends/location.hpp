// A user's location as it travels: the message a WebSocket server publishes on the user's
// channel, caches and forwards ("<user> <seq> <lat> <lon> <sent_at>"), the random walk that
// moves a client, and the nearby test (haversine distance, sim/storage/geo, within radius).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/random.hpp"
#include "sim/storage/geo/geo.hpp"

namespace sdsim::nearby_friends {

using storage::geo::LatLon;

struct Location {
  std::uint32_t user = 0;
  std::uint64_t seq = 0;   // the user's update number (1, 2, ...)
  LatLon pos;
  double sent_at = 0;      // s: when the client sent it
};

std::string encode(const Location& l);
std::optional<Location> decode(const std::string& text);

// Within `radius_m` by great-circle distance (R = 6371 km).
bool nearby(LatLon a, LatLon b, double radius_m);

// The square region users start in and walk within.
struct Region {
  LatLon centre;
  double side_m = 0;
  LatLon uniform(RandomStream& rng) const;
  // `step_m` in a uniformly random direction, reflected back into the square.
  LatLon walk(LatLon from, double step_m, RandomStream& rng) const;
};

}  // namespace sdsim::nearby_friends
