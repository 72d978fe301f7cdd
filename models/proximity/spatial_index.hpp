// The index an index server holds, chosen by params.index.kind, over the businesses: brute
// force (no index: every business compared), the uniform grid, the geohash table or the
// quadtree of sim/storage/geo. The same object answers every server (they hold the same data);
// each server is charged its build time when it starts (services/index_server.hpp).
#pragma once

#include <memory>
#include <vector>

#include "models/proximity/params.hpp"
#include "sim/storage/geo/geohash_index.hpp"
#include "sim/storage/geo/quadtree.hpp"
#include "sim/storage/geo/uniform_grid.hpp"

namespace sdsim::proximity {

using storage::geo::GeohashSearch;

GeohashSearch geohash_search_of(const IndexConfig& cfg);

class SpatialIndex {
 public:
  // `radii`: the radii searched, so the geohash table stores book_precision() of each.
  SpatialIndex(const std::vector<storage::geo::Point>& points, const IndexConfig& cfg,
               const std::vector<double>& radii);

  std::vector<storage::geo::Hit> search(storage::geo::LatLon centre, double radius_m,
                                        storage::geo::SearchWork& work) const;
  // Points placed at build (a point per level descended in the quadtree, a row per stored
  // precision in the geohash table, one per point in the grid, none for brute force).
  std::uint64_t build_steps() const;
  std::uint64_t memory_bytes() const;  // the index's own bytes (brute force: none)

  const storage::geo::GeohashIndex* geohash() const { return geohash_.get(); }
  const storage::geo::QuadTree* quadtree() const { return quadtree_.get(); }
  const storage::geo::UniformGrid* grid() const { return grid_.get(); }
  const std::vector<storage::geo::Point>& points() const { return points_; }
  GeohashSearch geohash_search() const { return how_; }

 private:
  const std::vector<storage::geo::Point>& points_;
  GeohashSearch how_;
  std::unique_ptr<storage::geo::GeohashIndex> geohash_;
  std::unique_ptr<storage::geo::QuadTree> quadtree_;
  std::unique_ptr<storage::geo::UniformGrid> grid_;
};

}  // namespace sdsim::proximity
