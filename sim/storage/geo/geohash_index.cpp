#include "sim/storage/geo/geohash_index.hpp"

#include <algorithm>
#include <cassert>

namespace sdsim::storage::geo {

GeohashIndex::GeohashIndex(const std::vector<Point>& points, std::vector<int> precisions)
    : points_(points), precisions_(std::move(precisions)), tables_(kGeohashMaxPrecision + 1) {
  std::sort(precisions_.begin(), precisions_.end());
  precisions_.erase(std::unique(precisions_.begin(), precisions_.end()), precisions_.end());
  const int finest = precisions_.empty() ? 0 : precisions_.back();
  for (std::uint32_t i = 0; i < points_.size(); ++i) {
    // One encode at the finest precision; every coarser hash is its prefix.
    const std::string full = finest ? geohash_encode(points_[i].pos, finest) : std::string();
    for (int p : precisions_) {
      assert(p >= 1 && p <= kGeohashMaxPrecision);
      tables_[p][full.substr(0, p)].push_back(i);
      memory_bytes_ += std::uint64_t(p) + 8;
      ++rows_count_;
    }
  }
}

bool GeohashIndex::stores(int precision) const {
  return std::binary_search(precisions_.begin(), precisions_.end(), precision);
}

std::vector<std::string> GeohashIndex::block(LatLon centre, double radius_m, GeohashSearch how) {
  const int p = book_precision(radius_m);
  if (how == GeohashSearch::cover) {
    std::vector<std::string> out;
    for (const Box& b : search_boxes(centre, radius_m))
      for (std::string& h : geohash_cover(b, p)) out.push_back(std::move(h));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  std::vector<std::string> out{geohash_encode(centre, p)};
  if (how == GeohashSearch::neighbours)
    for (std::string& n : geohash_neighbours(out.front())) out.push_back(std::move(n));
  std::sort(out.begin() + 1, out.end());
  out.erase(std::unique(out.begin() + 1, out.end()), out.end());
  return out;
}

const std::vector<std::uint32_t>& GeohashIndex::cell(const std::string& hash) const {
  static const std::vector<std::uint32_t> kNone;
  if (hash.empty() || int(hash.size()) > kGeohashMaxPrecision) return kNone;
  const auto& table = tables_[hash.size()];
  const auto it = table.find(hash);
  return it == table.end() ? kNone : it->second;
}

std::vector<Hit> GeohashIndex::search(LatLon centre, double radius_m, GeohashSearch how,
                                      SearchWork& work) const {
  std::vector<Hit> hits;
  for (const std::string& h : block(centre, radius_m, how)) {
    ++work.cells_visited;
    for (std::uint32_t i : cell(h)) consider(points_[i], centre, radius_m, hits, work);
  }
  sort_hits(hits);
  return hits;
}

const std::map<std::string, std::vector<std::uint32_t>>& GeohashIndex::rows(int precision) const {
  return tables_.at(precision);
}

}  // namespace sdsim::storage::geo
