#include "models/proximity/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <set>

namespace sdsim::proximity {

namespace {
constexpr double kKmPerDegree = storage::geo::kEarthRadiusM / 1000.0 * std::numbers::pi / 180.0;

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::optional<double> to_number(const std::string& s) {
  double v = 0;
  const auto t = trim(s);
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || t.empty() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// Splits a CSV line at commas (no quoting: the fields are numbers), with each field's column.
std::vector<std::pair<std::string, int>> split(const std::string& line) {
  std::vector<std::pair<std::string, int>> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    out.emplace_back(
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start),
        int(start) + 1);
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// Reads `path` line by line, checking the header, and hands each data row's fields to `row`.
template <class Row>
void read_csv(const std::string& path, const std::vector<std::string>& header, Diagnostics& diags,
              Row row) {
  std::ifstream in(path);
  if (!in) {
    diags.error(Location{path, 0, 0}, "", "cannot open the file");
    return;
  }
  std::string line;
  int n = 0;
  std::string expected;
  for (const auto& h : header) expected += (expected.empty() ? "" : ",") + h;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1) {
      if (trim(line) != expected)
        diags.error(Location{path, 1, 1}, "", fmt::format("the header must be '{}'", expected));
      if (!diags.ok()) return;
      continue;
    }
    if (trim(line).empty()) continue;
    const auto fields = split(line);
    if (fields.size() != header.size()) {
      diags.error(
          Location{path, n, 1}, "",
          fmt::format("{} fields, expected {} ({})", fields.size(), header.size(), expected));
    } else {
      row(n, fields);
    }
    if (diags.list().size() >= 20) return;  // enough to fix a file
  }
  if (n == 0)
    diags.error(Location{path, 0, 0}, "",
                fmt::format("empty file: expected the header '{}'", expected));
}

using Fields = std::vector<std::pair<std::string, int>>;

std::optional<std::uint64_t> read_id(const std::string& path, int line, const Fields& f,
                                     Diagnostics& diags, std::set<std::uint64_t>& seen) {
  std::uint64_t id = 0;
  const std::string t = trim(f[0].first);
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec != std::errc() || end != t.data() + t.size() || t.empty()) {
    diags.error(Location{path, line, f[0].second}, "id",
                fmt::format("'{}' is not a non-negative integer", t));
    return std::nullopt;
  }
  if (!seen.insert(id).second) {
    diags.error(Location{path, line, f[0].second}, "id", fmt::format("id {} appears twice", id));
    return std::nullopt;
  }
  return id;
}

std::optional<LatLon> read_position(const std::string& path, int line, const Fields& f,
                                    Diagnostics& diags) {
  const auto lat = to_number(f[1].first), lon = to_number(f[2].first);
  if (!lat || *lat < -90 || *lat > 90) {
    diags.error(
        Location{path, line, f[1].second}, "lat",
        fmt::format("'{}' is not a latitude in degrees within [-90, 90]", trim(f[1].first)));
    return std::nullopt;
  }
  if (!lon || *lon < -180 || *lon > 180) {
    diags.error(
        Location{path, line, f[2].second}, "lon",
        fmt::format("'{}' is not a longitude in degrees within [-180, 180]", trim(f[2].first)));
    return std::nullopt;
  }
  return LatLon{*lat, *lon == 180.0 ? -180.0 : *lon};
}
}  // namespace

std::optional<double> parse_length_m(const std::string& text) {
  const std::string t = trim(text);
  double scale = 0;
  std::string number;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, "km") == 0) {
    scale = 1000;
    number = t.substr(0, t.size() - 2);
  } else if (t.size() > 1 && t.back() == 'm') {
    scale = 1;
    number = t.substr(0, t.size() - 1);
  } else {
    return std::nullopt;
  }
  const auto v = to_number(number);
  if (!v || *v <= 0) return std::nullopt;
  return *v * scale;
}

std::vector<double> parse_radii(const std::string& text, const Location& where,
                                const std::string& path, Diagnostics& diags) {
  std::vector<double> out;
  for (const auto& [field, col] : split(text)) {
    const auto r = parse_length_m(field);
    if (!r) {
      diags.error(where, path,
                  fmt::format("'{}' is not a radius with a unit (500m, 2km)", trim(field)));
      return {};
    }
    out.push_back(*r);
  }
  return out;
}

std::string resolve_path(const std::string& file, const Location& where) {
  const std::filesystem::path p(file);
  if (p.is_absolute() || where.file.empty() || where.file.rfind("--set", 0) == 0) return file;
  return (std::filesystem::path(where.file).parent_path() / p).string();
}

LatLon jitter(LatLon c, double sigma_km, RandomStream& rng) {
  const double dlat = sigma_km * rng.normal() / kKmPerDegree;
  const double dlon =
      sigma_km * rng.normal() / (kKmPerDegree * std::cos(c.lat * std::numbers::pi / 180.0));
  LatLon p{std::clamp(c.lat + dlat, -89.9, 89.9), c.lon + dlon};
  p.lon -= 360.0 * std::floor((p.lon + 180.0) / 360.0);
  return p;
}

std::vector<Point> generate_businesses(const BusinessConfig& cfg, RandomStream& rng) {
  const double half_lat = cfg.region_km / 2 / kKmPerDegree;
  const double half_lon =
      cfg.region_km / 2 / (kKmPerDegree * std::cos(cfg.lat * std::numbers::pi / 180.0));
  auto uniform = [&] {
    LatLon p{std::clamp(cfg.lat + rng.uniform(-half_lat, half_lat), -89.9, 89.9),
             cfg.lon + rng.uniform(-half_lon, half_lon)};
    p.lon -= 360.0 * std::floor((p.lon + 180.0) / 360.0);
    return p;
  };
  std::vector<LatLon> cities;
  if (cfg.distribution == "clustered")
    for (int i = 0; i < cfg.cities; ++i) cities.push_back(uniform());
  std::vector<Point> out;
  out.reserve(std::size_t(cfg.count));
  for (long long i = 0; i < cfg.count; ++i) {
    const LatLon p = cities.empty()
                         ? uniform()
                         : jitter(cities[rng.below(cities.size())], cfg.city_spread_km, rng);
    out.push_back(Point{std::uint64_t(i), p});
  }
  return out;
}

std::vector<Point> load_businesses_csv(const std::string& path, Diagnostics& diags) {
  std::vector<Point> out;
  std::set<std::uint64_t> seen;
  read_csv(path, {"id", "lat", "lon"}, diags, [&](int line, const Fields& f) {
    const auto id = read_id(path, line, f, diags, seen);
    const auto pos = id ? read_position(path, line, f, diags) : std::nullopt;
    if (pos) out.push_back(Point{*id, *pos});
  });
  if (diags.ok() && out.empty()) diags.error(Location{path, 0, 0}, "", "no business in the file");
  return out;
}

std::vector<Query> load_queries_csv(const std::string& path, Diagnostics& diags) {
  std::vector<Query> out;
  std::set<std::uint64_t> seen;
  read_csv(path, {"id", "lat", "lon", "radius"}, diags, [&](int line, const Fields& f) {
    const auto id = read_id(path, line, f, diags, seen);
    const auto pos = id ? read_position(path, line, f, diags) : std::nullopt;
    if (!pos) return;
    const auto r = parse_length_m(f[3].first);
    if (!r) {
      diags.error(Location{path, line, f[3].second}, "radius",
                  fmt::format("'{}' is not a radius with a unit (500m, 2km)", trim(f[3].first)));
      return;
    }
    out.push_back(Query{*id, *pos, *r});
  });
  if (diags.ok() && out.empty()) diags.error(Location{path, 0, 0}, "", "no query in the file");
  return out;
}

}  // namespace sdsim::proximity
