// The book's evenly divided grid: the world cut into fixed cells of `cell_m` metres of latitude
// by as many degrees of longitude (so a cell narrows with cos(latitude), as geohash cells do).
// A search reads every cell meeting the circle's bounding rectangles (search_boxes()) and
// compares their points: complete, as for the other indexes. The grid's weakness is the
// spread of its load: on clustered data a few cells hold most points (max_load() against
// mean_load()), and a query there compares them all.
// Memory: 8 B per id plus 32 B per non-empty cell (its key and list header); empty cells cost
// nothing (a hash table of cells, not an array).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::storage::geo {

class UniformGrid {
 public:
  static constexpr std::uint64_t kCellBytes = 32, kIdBytes = 8;

  UniformGrid(const std::vector<Point>& points, double cell_m);

  std::vector<Hit> search(LatLon centre, double radius_m, SearchWork& work) const;

  double cell_deg() const { return cell_deg_; }
  std::uint64_t cells_used() const { return cells_.size(); }
  std::uint64_t max_load() const;  // points in the fullest cell
  double mean_load() const;        // points per non-empty cell
  std::uint64_t memory_bytes() const;

 private:
  std::int64_t key(std::int64_t row, std::int64_t col) const { return row * cols_ + col; }
  std::int64_t row_of(double lat) const;
  std::int64_t col_of(double lon) const;

  const std::vector<Point>& points_;
  double cell_deg_;
  std::int64_t rows_, cols_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;
};

}  // namespace sdsim::storage::geo
