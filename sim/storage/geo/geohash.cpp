#include "sim/storage/geo/geohash.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace sdsim::storage::geo {

namespace {
constexpr std::string_view kAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
constexpr double kDeg = std::numbers::pi / 180.0;

int char_value(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : int(pos);
}
}  // namespace

CellSize cell_size(int precision) {
  assert(precision >= 1 && precision <= kGeohashMaxPrecision);
  CellSize s;
  s.lon_bits = (5 * precision + 1) / 2;
  s.lat_bits = 5 * precision / 2;
  s.width_deg = 360.0 / std::ldexp(1.0, s.lon_bits);
  s.height_deg = 180.0 / std::ldexp(1.0, s.lat_bits);
  return s;
}

double cell_width_m(int precision, double lat) {
  return cell_size(precision).width_deg * kDeg * kEarthRadiusM * std::cos(lat * kDeg);
}
double cell_height_m(int precision) {
  return cell_size(precision).height_deg * kDeg * kEarthRadiusM;
}

std::string geohash_encode(LatLon p, int precision) {
  assert(precision >= 1 && precision <= kGeohashMaxPrecision);
  double lat_lo = -90, lat_hi = 90, lon_lo = -180, lon_hi = 180;
  std::string out;
  bool lon_turn = true;
  for (int c = 0; c < precision; ++c) {
    int value = 0;
    for (int b = 0; b < 5; ++b) {
      double& lo = lon_turn ? lon_lo : lat_lo;
      double& hi = lon_turn ? lon_hi : lat_hi;
      const double x = lon_turn ? p.lon : p.lat;
      const double mid = (lo + hi) / 2;
      value <<= 1;
      if (x >= mid) {
        value |= 1;
        lo = mid;
      } else {
        hi = mid;
      }
      lon_turn = !lon_turn;
    }
    out += kAlphabet[value];
  }
  return out;
}

bool geohash_decode(std::string_view hash, Box& cell) {
  Box b;
  bool lon_turn = true;
  for (char ch : hash) {
    const int value = char_value(ch);
    if (value < 0) return false;
    for (int bit = 4; bit >= 0; --bit) {
      double& lo = lon_turn ? b.lon_min : b.lat_min;
      double& hi = lon_turn ? b.lon_max : b.lat_max;
      const double mid = (lo + hi) / 2;
      ((value >> bit) & 1 ? lo : hi) = mid;
      lon_turn = !lon_turn;
    }
  }
  cell = b;
  return true;
}

LatLon geohash_centre(std::string_view hash) {
  Box b;
  [[maybe_unused]] const bool ok = geohash_decode(hash, b);
  assert(ok);
  return {(b.lat_min + b.lat_max) / 2, (b.lon_min + b.lon_max) / 2};
}

std::string geohash_adjacent(std::string_view hash, int dlat, int dlon) {
  const CellSize s = cell_size(int(hash.size()));
  const LatLon c = geohash_centre(hash);
  const double lat = c.lat + dlat * s.height_deg;
  if (lat < -90.0 || lat > 90.0) return {};
  double lon = c.lon + dlon * s.width_deg;
  lon = lon - 360.0 * std::floor((lon + 180.0) / 360.0);  // back into [-180, 180)
  return geohash_encode({lat, lon}, int(hash.size()));
}

std::vector<std::string> geohash_neighbours(std::string_view hash) {
  static constexpr int kSteps[8][2] = {{1, 0},  {1, 1},   {0, 1},  {-1, 1},
                                       {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
  std::vector<std::string> out;
  for (const auto& step : kSteps) {
    std::string n = geohash_adjacent(hash, step[0], step[1]);
    if (!n.empty()) out.push_back(std::move(n));
  }
  return out;
}

std::vector<std::string> geohash_cover(const Box& box, int precision) {
  const CellSize s = cell_size(precision);
  const double rows = std::ldexp(1.0, s.lat_bits), cols = std::ldexp(1.0, s.lon_bits);
  auto index = [](double x, double lo, double step, double count) {
    return std::min(count - 1, std::max(0.0, std::floor((x - lo) / step)));
  };
  const double r0 = index(box.lat_min, -90, s.height_deg, rows),
               r1 = index(box.lat_max, -90, s.height_deg, rows);
  const double c0 = index(box.lon_min, -180, s.width_deg, cols),
               c1 = index(box.lon_max, -180, s.width_deg, cols);
  std::vector<std::string> out;
  // Cell centres are far from every bisection boundary, so encoding them is exact.
  for (double r = r0; r <= r1; ++r)
    for (double c = c0; c <= c1; ++c)
      out.push_back(geohash_encode({-90 + (r + 0.5) * s.height_deg, -180 + (c + 0.5) * s.width_deg},
                                   precision));
  return out;
}

int book_precision(double radius_m) {
  if (radius_m <= 500.0) return 6;
  if (radius_m <= 2000.0) return 5;
  if (radius_m <= 20000.0) return 4;
  for (int p = 3; p >= 1; --p)
    if (cell_height_m(p) >= radius_m) return p;
  return 1;
}

}  // namespace sdsim::storage::geo
