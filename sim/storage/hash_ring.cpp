#include "sim/storage/hash_ring.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace sdsim {

HashRing::HashRing(int vnodes_per_node) : vnodes_(vnodes_per_node) {
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

int HashRing::add_node(const std::string& name, const std::string& domain) {
  const int node = nodes();
  names_.push_back(name);
  domains_.push_back(domain);
  for (int v = 0; v < vnodes_; ++v) points_.push_back({hash(name + "#" + std::to_string(v)), node});
  std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) {
    return a.pos != b.pos ? a.pos < b.pos : a.node < b.node;
  });
  return node;
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

  std::map<std::string, int> per_domain;
  std::size_t cap = names_.size();
  if (domain_aware) {
    std::map<std::string, int> usable_domains;
    for (int n = 0; n < nodes(); ++n)
      if (!usable || usable(n)) usable_domains[domains_[n]] = 1;
    for (int n : chosen) usable_domains[domains_[n]] = 1;
    const std::size_t total = chosen.size() + static_cast<std::size_t>(count);
    const std::size_t d = std::max<std::size_t>(1, usable_domains.size());
    cap = (total + d - 1) / d;
    for (int n : chosen) ++per_domain[domains_[n]];
  }
  const std::size_t start = first_point(key_hash);
  // Pass 0 respects the per-domain cap; pass 1 (domain-aware only) fills what is left.
  for (int pass = 0; pass < (domain_aware ? 2 : 1); ++pass) {
    for (std::size_t i = 0; i < points_.size() && static_cast<int>(picked.size()) < count; ++i) {
      const int n = points_[(start + i) % points_.size()].node;
      if (!ok(n)) continue;
      if (pass == 0 && domain_aware && static_cast<std::size_t>(per_domain[domains_[n]]) >= cap) continue;
      taken[n] = 1;
      ++per_domain[domains_[n]];
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
