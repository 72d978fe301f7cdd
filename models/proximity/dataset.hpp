// The model's inputs: businesses (generated uniform or clustered around cities, or loaded from
// a CSV id,lat,lon) and searches (generated near the businesses, or loaded from a CSV
// id,lat,lon,radius with a unit on the radius). A bad row is an error naming file:line:col.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/proximity/params.hpp"
#include "sim/core/doc.hpp"
#include "sim/core/random.hpp"
#include "sim/storage/geo/geo.hpp"

namespace sdsim::proximity {

using storage::geo::LatLon;
using storage::geo::Point;

struct Query {
  std::uint64_t id = 0;
  LatLon pos;
  double radius_m = 0;
};

// "500m", "2km", "0.5 km": metres; nullopt when not a positive number with m or km.
std::optional<double> parse_length_m(const std::string& text);
// A comma-separated list of lengths; errors located at `where` under `path`.
std::vector<double> parse_radii(const std::string& text, const Location& where,
                                const std::string& path, Diagnostics& diags);
// `file` relative to the directory of the scenario file `where` names.
std::string resolve_path(const std::string& file, const Location& where);

std::vector<Point> generate_businesses(const BusinessConfig& cfg, RandomStream& rng);
std::vector<Point> load_businesses_csv(const std::string& path, Diagnostics& diags);
std::vector<Query> load_queries_csv(const std::string& path, Diagnostics& diags);

// A point `sigma_km` (standard deviation, each axis) around `centre`, on the ground.
LatLon jitter(LatLon centre, double sigma_km, RandomStream& rng);

}  // namespace sdsim::proximity
