// The book's quadtree (System Design Interview vol. 2, ch. 1, "Quadtree"): the world's
// latitude/longitude rectangle split into four equal quadrants, recursively, while a node holds
// more than `leaf_capacity` points. Only leaves hold points. A search visits the nodes whose
// rectangle meets the circle's bounding rectangles (search_boxes()) and compares the points of
// the leaves it reaches; every point within the radius lies in one of those leaves, so the
// result is exactly brute force's.
//
// A node whose points all coincide is left a leaf whatever its size (splitting cannot separate
// them), so no leaf exceeds the capacity unless its points coincide; every internal node has 4
// children, so leaves = 3 * internal + 1.
//
// Memory with the book's accounting: a leaf 32 B (its rectangle) + 8 B per business id, an
// internal node 32 B + 4 child pointers of 8 B. Build work: every point is moved once per level
// it descends (`build_moves`), the figure a server's CPU is charged for the build.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::storage::geo {

class QuadTree {
 public:
  static constexpr std::uint64_t kLeafBytes = 32, kIdBytes = 8, kInternalBytes = 32 + 4 * 8;

  QuadTree(const std::vector<Point>& points, int leaf_capacity);

  std::vector<Hit> search(LatLon centre, double radius_m, SearchWork& work) const;

  std::uint64_t leaves() const { return leaves_; }
  std::uint64_t internal_nodes() const { return internal_; }
  int depth() const { return depth_; }  // of the deepest leaf; the root alone is depth 0
  std::uint64_t memory_bytes() const;
  std::uint64_t build_moves() const { return build_moves_; }
  int leaf_capacity() const { return capacity_; }
  // Invariant check for tests: every leaf at most `leaf_capacity` points unless they coincide,
  // every point in exactly one leaf whose rectangle contains it.
  bool check() const;

 private:
  struct Node {
    Box box;
    std::int32_t first_child = -1;       // 4 consecutive children; -1 for a leaf
    std::vector<std::uint32_t> members;  // leaves only: positions in points_
  };
  void split(std::int32_t node, int depth);
  void visit(std::int32_t node, const Box& query, LatLon centre, double radius_m,
             std::vector<Hit>& hits, SearchWork& work) const;

  const std::vector<Point>& points_;
  int capacity_;
  std::vector<Node> nodes_;
  std::uint64_t leaves_ = 0, internal_ = 0, build_moves_ = 0;
  int depth_ = 0;
};

}  // namespace sdsim::storage::geo
