// A consistent-hash ring with virtual nodes and failure-domain-aware selection. Plain C++ (no
// SimGrid): a model asks it which nodes hold an object and applies the costs itself.
//
// Each node owns `vnodes` points on a 64-bit ring; a key belongs to the first point clockwise
// from its hash. select() walks clockwise from the key and takes distinct nodes, at most
// ceil(count / domains) per failure domain (one per domain when there are enough domains),
// so copies or chunks of one object never share a rack when the topology allows it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sdsim {

class HashRing {
 public:
  // `salt` moves every virtual node (0 keeps the historical ring): a model that wants the ring
  // to vary with the run's seed passes one drawn from it.
  explicit HashRing(int vnodes_per_node, std::uint64_t salt = 0);

  struct NodeSpec {
    std::string name, domain;
  };
  // Adds a node; returns its index (0, 1, ... in order of addition). Merges its points into
  // the sorted ring: linear in the ring's size.
  int add_node(const std::string& name, const std::string& domain);
  // Adds many nodes at once, sorting the ring once: the way to build a large ring.
  void add_nodes(const std::vector<NodeSpec>& nodes);
  int nodes() const { return static_cast<int>(names_.size()); }
  const std::string& name(int node) const { return names_.at(node); }
  const std::string& domain(int node) const { return domains_.at(node); }

  // A well-mixed 64-bit hash of a key (FNV-1a then a splitmix64 finaliser).
  static std::uint64_t hash(std::string_view key);

  // The node owning `key_hash`: the first virtual node clockwise.
  int owner(std::uint64_t key_hash) const;

  // `count` more distinct nodes for `key_hash`, walking clockwise. `chosen` are nodes the
  // object already uses (never picked again; their domains count against the cap); `usable`
  // filters nodes (e.g. only those up). With `domain_aware`, at most ceil(total / domains)
  // nodes per domain where total = chosen + count and domains = distinct usable domains; if
  // the walk cannot satisfy the cap (too few nodes in some domains) the rest is filled without
  // it. Without `domain_aware`, the first distinct nodes clockwise. May return fewer than
  // `count` when not enough nodes are usable.
  std::vector<int> select(std::uint64_t key_hash, int count, bool domain_aware,
                          const std::vector<int>& chosen = {},
                          const std::function<bool(int)>& usable = {}) const;

  // Fraction of the ring each node owns (sums to 1): its expected share of the keys.
  std::vector<double> ownership() const;

 private:
  struct Point {
    std::uint64_t pos;
    int node;
  };
  std::size_t first_point(std::uint64_t key_hash) const;
  // Registers the node's name and domain and appends its points, unsorted.
  int append_node(const std::string& name, const std::string& domain);
  std::uint64_t point_hash(const std::string& name, int v) const;

  int vnodes_;
  std::uint64_t salt_;
  std::vector<std::string> names_, domains_;
  std::vector<int> domain_of_;  // node -> domain number (dense, in order of appearance)
  std::unordered_map<std::string, int> domain_index_;
  int domain_count_ = 0;
  std::vector<Point> points_;  // sorted by (pos, node)
};

}  // namespace sdsim
