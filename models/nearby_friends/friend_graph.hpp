// The friend graph: undirected, no self-friendship, each user's friends sorted. Generated
// (uniform: every pair equally likely, as G(n, m) with m = n x average / 2; heavy_tailed:
// Chung-Lu, an edge's ends drawn in proportion to Pareto weights scaled to the average) with
// a cap on any user's friends (the book's 5,000), or read from a CSV edge list a,b.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/core/random.hpp"

namespace sdsim::nearby_friends {

using UserId = std::uint32_t;

class FriendGraph {
 public:
  FriendGraph() = default;
  explicit FriendGraph(std::size_t users) : friends_(users) {}

  // Adds the friendship a-b; false (nothing added) for a self-loop, a duplicate or when
  // either user already has `cap` friends.
  bool add(UserId a, UserId b, std::size_t cap);
  void finish();  // sorts every list (after the adds)

  std::size_t users() const { return friends_.size(); }
  const std::vector<UserId>& friends(UserId u) const { return friends_[u]; }
  std::size_t edges() const { return edges_; }
  double mean_degree() const;
  std::size_t max_degree() const;

 private:
  std::vector<std::vector<UserId>> friends_;
  std::size_t edges_ = 0;
};

FriendGraph generate_uniform(std::size_t users, double average, std::size_t cap, RandomStream& rng);
FriendGraph generate_heavy_tailed(std::size_t users, double average, double exponent,
                                  std::size_t cap, RandomStream& rng);
// Header a,b; ids in [0, users). A bad row (not two integers, out of range, a self-loop):
// an error at file:line into `diags`.
FriendGraph load_edges_csv(const std::string& path, std::size_t users, std::size_t cap,
                           Diagnostics& diags);

// `file` as named in the scenario at `where`: relative paths are the scenario's folder's.
std::string scenario_relative(const std::string& file, const Location& where);

// The friend list as the friends service stores it ("3,17,42"), and back.
std::string encode_friends(const std::vector<UserId>& ids);
std::vector<UserId> decode_friends(const std::string& text);

}  // namespace sdsim::nearby_friends
