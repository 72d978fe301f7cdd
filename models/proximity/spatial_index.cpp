#include "models/proximity/spatial_index.hpp"

namespace sdsim::proximity {

using namespace storage::geo;

GeohashSearch geohash_search_of(const IndexConfig& cfg) {
  if (cfg.geohash_search == "neighbours") return GeohashSearch::neighbours;
  if (cfg.geohash_search == "cell") return GeohashSearch::cell;
  return GeohashSearch::cover;
}

SpatialIndex::SpatialIndex(const std::vector<Point>& points, const IndexConfig& cfg,
                           const std::vector<double>& radii)
    : points_(points), how_(geohash_search_of(cfg)) {
  if (cfg.kind == "geohash") {
    std::vector<int> precisions;
    for (double r : radii) precisions.push_back(book_precision(r));
    geohash_ = std::make_unique<GeohashIndex>(points, precisions);
  } else if (cfg.kind == "quadtree") {
    quadtree_ = std::make_unique<QuadTree>(points, cfg.leaf_capacity);
  } else if (cfg.kind == "grid") {
    grid_ = std::make_unique<UniformGrid>(points, cfg.grid_cell_km * 1000.0);
  }
}

std::vector<Hit> SpatialIndex::search(LatLon centre, double radius_m, SearchWork& work) const {
  if (geohash_) return geohash_->search(centre, radius_m, how_, work);
  if (quadtree_) return quadtree_->search(centre, radius_m, work);
  if (grid_) return grid_->search(centre, radius_m, work);
  return brute_force(points_, centre, radius_m, &work);
}

std::uint64_t SpatialIndex::build_steps() const {
  if (geohash_) return geohash_->rows_count();
  if (quadtree_) return quadtree_->build_moves() + points_.size();
  if (grid_) return points_.size();
  return 0;
}

std::uint64_t SpatialIndex::memory_bytes() const {
  if (geohash_) return geohash_->memory_bytes();
  if (quadtree_) return quadtree_->memory_bytes();
  if (grid_) return grid_->memory_bytes();
  return 0;
}

}  // namespace sdsim::proximity
