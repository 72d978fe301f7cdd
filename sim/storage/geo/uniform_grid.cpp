#include "sim/storage/geo/uniform_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sdsim::storage::geo {

UniformGrid::UniformGrid(const std::vector<Point>& points, double cell_m)
    : points_(points), cell_deg_(cell_m / (kEarthRadiusM * std::numbers::pi / 180.0)) {
  rows_ = std::int64_t(std::ceil(180.0 / cell_deg_));
  cols_ = std::int64_t(std::ceil(360.0 / cell_deg_));
  for (std::uint32_t i = 0; i < points_.size(); ++i)
    cells_[key(row_of(points_[i].pos.lat), col_of(points_[i].pos.lon))].push_back(i);
}

std::int64_t UniformGrid::row_of(double lat) const {
  return std::clamp<std::int64_t>(std::int64_t(std::floor((lat + 90.0) / cell_deg_)), 0, rows_ - 1);
}
std::int64_t UniformGrid::col_of(double lon) const {
  return std::clamp<std::int64_t>(std::int64_t(std::floor((lon + 180.0) / cell_deg_)), 0,
                                  cols_ - 1);
}

std::vector<Hit> UniformGrid::search(LatLon centre, double radius_m, SearchWork& work) const {
  std::vector<Hit> hits;
  for (const Box& b : search_boxes(centre, radius_m)) {
    for (std::int64_t r = row_of(b.lat_min); r <= row_of(b.lat_max); ++r)
      for (std::int64_t c = col_of(b.lon_min); c <= col_of(b.lon_max); ++c) {
        ++work.cells_visited;
        const auto it = cells_.find(key(r, c));
        if (it == cells_.end()) continue;
        for (std::uint32_t i : it->second)
          if (b.contains(points_[i].pos)) consider(points_[i], centre, radius_m, hits, work);
      }
  }
  sort_hits(hits);
  return hits;
}

std::uint64_t UniformGrid::max_load() const {
  std::uint64_t m = 0;
  for (const auto& [k, ids] : cells_) m = std::max<std::uint64_t>(m, ids.size());
  return m;
}

double UniformGrid::mean_load() const {
  return cells_.empty() ? 0.0 : double(points_.size()) / double(cells_.size());
}

std::uint64_t UniformGrid::memory_bytes() const {
  return cells_.size() * kCellBytes + points_.size() * kIdBytes;
}

}  // namespace sdsim::storage::geo
