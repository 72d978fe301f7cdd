#include "sim/storage/hash_ring.hpp"

#include <algorithm>
#include <stdexcept>

namespace sdsim {

namespace {
bool point_less(std::uint64_t a_pos, int a_node, std::uint64_t b_pos, int b_node) {
  return a_pos != b_pos ? a_pos < b_pos : a_node < b_node;
}
}  // namespace

HashRing::HashRing(int vnodes_per_node, std::uint64_t salt)
    : vnodes_(vnodes_per_node), salt_(salt) {
  if (vnodes_ < 1) throw std::invalid_argument("HashRing: vnodes_per_node must be >= 1");
}

std::uint64_t HashRing::hash(std::string_view key) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  // FNV alone leaves similar names ("n#1", "n#2") close together: finalise with splitmix64.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::uint64_t HashRing::point_hash(const std::string& name, int v) const {
  std::string key = name + "#" + std::to_string(v);
  if (salt_ != 0) key += "@" + std::to_string(salt_);
  return hash(key);
}

int HashRing::append_node(const std::string& name, const std::string& domain) {
  const int node = nodes();
  names_.push_back(name);
  domains_.push_back(domain);
  auto [it, added] = domain_index_.try_emplace(domain, static_cast<int>(domain_index_.size()));
  domain_of_.push_back(it->second);
  if (added) ++domain_count_;
  for (int v = 0; v < vnodes_; ++v) points_.push_back({point_hash(name, v), node});
  return node;
}

namespace {
void sort_points(auto first, auto last) {
  std::sort(first, last,
            [](const auto& a, const auto& b) { return point_less(a.pos, a.node, b.pos, b.node); });
}
}  // namespace

int HashRing::add_node(const std::string& name, const std::string& domain) {
  const std::size_t old = points_.size();
  const int node = append_node(name, domain);
  const auto mid = points_.begin() + static_cast<std::ptrdiff_t>(old);
  sort_points(mid, points_.end());
  std::inplace_merge(points_.begin(), mid, points_.end(), [](const Point& a, const Point& b) {
    return point_less(a.pos, a.node, b.pos, b.node);
  });
  return node;
}

void HashRing::add_nodes(const std::vector<NodeSpec>& nodes) {
  for (const NodeSpec& n : nodes) append_node(n.name, n.domain);
  sort_points(points_.begin(), points_.end());
}

std::size_t HashRing::first_point(std::uint64_t key_hash) const {
  auto it = std::lower_bound(points_.begin(), points_.end(), key_hash,
                             [](const Point& p, std::uint64_t h) { return p.pos < h; });
  return it == points_.end() ? 0 : static_cast<std::size_t>(it - points_.begin());
}

int HashRing::owner(std::uint64_t key_hash) const {
  if (points_.empty()) throw std::logic_error("HashRing::owner on an empty ring");
  return points_[first_point(key_hash)].node;
}

std::vector<int> HashRing::select(std::uint64_t key_hash, int count, bool domain_aware,
                                  const std::vector<int>& chosen,
                                  const std::function<bool(int)>& usable) const {
  std::vector<int> picked;
  if (points_.empty() || count <= 0) return picked;
  std::vector<char> taken(names_.size(), 0);
  for (int n : chosen) taken.at(n) = 1;
  auto ok = [&](int n) { return !taken[n] && (!usable || usable(n)); };

  std::vector<int> per_domain(static_cast<std::size_t>(domain_count_), 0);
  std::size_t cap = names_.size();
  if (domain_aware) {
    std::vector<char> usable_domain(static_cast<std::size_t>(domain_count_), 0);
    for (int n = 0; n < nodes(); ++n)
      if (!usable || usable(n)) usable_domain[domain_of_[n]] = 1;
    for (int n : chosen) usable_domain[domain_of_[n]] = 1;
    const std::size_t total = chosen.size() + static_cast<std::size_t>(count);
    const std::size_t d =
        std::max<std::size_t>(1, std::count(usable_domain.begin(), usable_domain.end(), 1));
    cap = (total + d - 1) / d;
    for (int n : chosen) ++per_domain[domain_of_[n]];
  }
  const std::size_t start = first_point(key_hash);
  // Pass 0 respects the per-domain cap; pass 1 (domain-aware only) fills what is left.
  for (int pass = 0; pass < (domain_aware ? 2 : 1); ++pass) {
    for (std::size_t i = 0; i < points_.size() && static_cast<int>(picked.size()) < count; ++i) {
      const int n = points_[(start + i) % points_.size()].node;
      if (!ok(n)) continue;
      if (pass == 0 && domain_aware && static_cast<std::size_t>(per_domain[domain_of_[n]]) >= cap)
        continue;
      taken[n] = 1;
      ++per_domain[domain_of_[n]];
      picked.push_back(n);
    }
  }
  return picked;
}

std::vector<double> HashRing::ownership() const {
  std::vector<double> share(names_.size(), 0.0);
  if (points_.empty()) return share;
  const double full = 18446744073709551616.0;  // 2^64
  for (std::size_t i = 0; i < points_.size(); ++i) {
    // Point i owns the arc (previous point, point i].
    const std::uint64_t prev = points_[(i + points_.size() - 1) % points_.size()].pos;
    const std::uint64_t arc = points_[i].pos - prev;  // wraps correctly for i == 0
    share[points_[i].node] += (points_.size() == 1 ? full : static_cast<double>(arc)) / full;
  }
  return share;
}

}  // namespace sdsim
