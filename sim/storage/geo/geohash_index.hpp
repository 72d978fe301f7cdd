// The book's geohash table: one row (geohash, business id) per point and stored precision,
// kept sorted by geohash (a B-tree index on the column in a database), so a cell's points are
// one range lookup. A search picks a precision and a block of cells, reads their rows and
// filters by exact distance. Three ways to pick the block:
//   cell        the query's own cell only: misses points just across an edge;
//   neighbours  the book's: the query's cell and its 8 neighbours, at book_precision(radius).
//               Complete only while the circle fits in that block: it misses when the radius
//               exceeds a cell's height (20 km at precision 4: 19.5 km cells) or, as the
//               cells narrow with cos(latitude), their width (0.5 km at 70 degrees: 0.41 km);
//   cover       (complete) every cell at book_precision(radius) that intersects the circle's
//               bounding rectangles (search_boxes()). A point within the radius lies in one of
//               those rectangles, hence in one of those cells, and every point of a visited
//               cell is compared: the result is exactly brute force's, at any latitude.
// Memory: each row costs its geohash (one byte per character) plus an 8-byte id.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/storage/geo/geohash.hpp"

namespace sdsim::storage::geo {

enum class GeohashSearch { cell, neighbours, cover };

class GeohashIndex {
 public:
  // `precisions`: the stored ones, each in 1..12 (a search needs book_precision(radius) stored).
  GeohashIndex(const std::vector<Point>& points, std::vector<int> precisions);

  bool stores(int precision) const;
  const std::vector<int>& precisions() const { return precisions_; }
  // The cells a search reads, in reading order.
  static std::vector<std::string> block(LatLon centre, double radius_m, GeohashSearch how);
  // The ids stored in one cell (a range of rows); empty when the precision is not stored.
  const std::vector<std::uint32_t>& cell(const std::string& hash) const;
  std::vector<Hit> search(LatLon centre, double radius_m, GeohashSearch how,
                          SearchWork& work) const;

  const std::vector<Point>& points() const { return points_; }
  // Rows per precision, in geohash order: (geohash, position of the point in points()).
  const std::map<std::string, std::vector<std::uint32_t>>& rows(int precision) const;
  std::uint64_t memory_bytes() const { return memory_bytes_; }
  std::uint64_t rows_count() const { return rows_count_; }

 private:
  const std::vector<Point>& points_;
  std::vector<int> precisions_;
  std::vector<std::map<std::string, std::vector<std::uint32_t>>>
      tables_;  // by precision index 0..12
  std::uint64_t memory_bytes_ = 0, rows_count_ = 0;
};

}  // namespace sdsim::storage::geo
