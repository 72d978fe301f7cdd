#include "sim/storage/geo/quadtree.hpp"

#include <algorithm>

namespace sdsim::storage::geo {

namespace {
bool all_coincide(const std::vector<Point>& pts, const std::vector<std::uint32_t>& members) {
  for (std::uint32_t i : members)
    if (pts[i].pos.lat != pts[members.front()].pos.lat ||
        pts[i].pos.lon != pts[members.front()].pos.lon)
      return false;
  return true;
}
}  // namespace

QuadTree::QuadTree(const std::vector<Point>& points, int leaf_capacity)
    : points_(points), capacity_(leaf_capacity) {
  nodes_.push_back(Node{Box{}, -1, {}});
  nodes_[0].members.resize(points.size());
  for (std::uint32_t i = 0; i < points.size(); ++i) nodes_[0].members[i] = i;
  split(0, 0);
}

// Iterative over an explicit stack would save little: depth stays below 64 for any doubles.
void QuadTree::split(std::int32_t node, int depth) {
  if (nodes_[node].members.size() <= std::size_t(capacity_) ||
      all_coincide(points_, nodes_[node].members)) {
    ++leaves_;
    depth_ = std::max(depth_, depth);
    return;
  }
  ++internal_;
  const Box b = nodes_[node].box;
  const double lat_mid = (b.lat_min + b.lat_max) / 2, lon_mid = (b.lon_min + b.lon_max) / 2;
  const std::int32_t first = std::int32_t(nodes_.size());
  // Children: SW, SE, NW, NE. A point on a midline goes north / east (half-open quadrants).
  nodes_.push_back(Node{Box{b.lat_min, lat_mid, b.lon_min, lon_mid}, -1, {}});
  nodes_.push_back(Node{Box{b.lat_min, lat_mid, lon_mid, b.lon_max}, -1, {}});
  nodes_.push_back(Node{Box{lat_mid, b.lat_max, b.lon_min, lon_mid}, -1, {}});
  nodes_.push_back(Node{Box{lat_mid, b.lat_max, lon_mid, b.lon_max}, -1, {}});
  std::vector<std::uint32_t> members = std::move(nodes_[node].members);
  nodes_[node].members.clear();
  nodes_[node].first_child = first;
  for (std::uint32_t i : members) {
    const LatLon p = points_[i].pos;
    const int q = (p.lat >= lat_mid ? 2 : 0) + (p.lon >= lon_mid ? 1 : 0);
    nodes_[first + q].members.push_back(i);
    ++build_moves_;
  }
  for (int q = 0; q < 4; ++q) split(first + q, depth + 1);
}

std::uint64_t QuadTree::memory_bytes() const {
  return leaves_ * kLeafBytes + std::uint64_t(points_.size()) * kIdBytes +
         internal_ * kInternalBytes;
}

std::vector<Hit> QuadTree::search(LatLon centre, double radius_m, SearchWork& work) const {
  std::vector<Hit> hits;
  for (const Box& q : search_boxes(centre, radius_m)) visit(0, q, centre, radius_m, hits, work);
  sort_hits(hits);
  return hits;
}

void QuadTree::visit(std::int32_t node, const Box& query, LatLon centre, double radius_m,
                     std::vector<Hit>& hits, SearchWork& work) const {
  const Node& n = nodes_[node];
  if (!n.box.intersects(query)) return;
  ++work.cells_visited;
  if (n.first_child < 0) {
    for (std::uint32_t i : n.members)
      if (query.contains(points_[i].pos)) consider(points_[i], centre, radius_m, hits, work);
    return;
  }
  for (int q = 0; q < 4; ++q) visit(n.first_child + q, query, centre, radius_m, hits, work);
}

bool QuadTree::check() const {
  std::vector<int> seen(points_.size(), 0);
  for (const Node& n : nodes_) {
    if (n.first_child >= 0) {
      if (!n.members.empty()) return false;
      continue;
    }
    if (n.members.size() > std::size_t(capacity_) && !all_coincide(points_, n.members))
      return false;
    for (std::uint32_t i : n.members) {
      if (!n.box.contains(points_[i].pos)) return false;
      ++seen[i];
    }
  }
  return std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; });
}

}  // namespace sdsim::storage::geo
