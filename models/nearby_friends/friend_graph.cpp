#include "models/nearby_friends/friend_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>

namespace sdsim::nearby_friends {

bool FriendGraph::add(UserId a, UserId b, std::size_t cap) {
  if (a == b || friends_[a].size() >= cap || friends_[b].size() >= cap) return false;
  // Lists stay unsorted while building; a duplicate test on the shorter one is cheap enough
  // for the degrees the model uses (mean up to a few hundred).
  const auto& shorter = friends_[a].size() <= friends_[b].size() ? friends_[a] : friends_[b];
  const UserId other = &shorter == &friends_[a] ? b : a;
  if (std::find(shorter.begin(), shorter.end(), other) != shorter.end()) return false;
  friends_[a].push_back(b);
  friends_[b].push_back(a);
  ++edges_;
  return true;
}

void FriendGraph::finish() {
  for (auto& f : friends_) std::sort(f.begin(), f.end());
}

double FriendGraph::mean_degree() const {
  return friends_.empty() ? 0.0 : 2.0 * double(edges_) / double(friends_.size());
}

std::size_t FriendGraph::max_degree() const {
  std::size_t m = 0;
  for (const auto& f : friends_) m = std::max(m, f.size());
  return m;
}

FriendGraph generate_uniform(std::size_t users, double average, std::size_t cap, RandomStream& rng) {
  FriendGraph g(users);
  const auto target = static_cast<std::size_t>(std::llround(double(users) * average / 2));
  const std::size_t possible = users * (users - 1) / 2;
  std::size_t attempts = 0;
  while (g.edges() < std::min(target, possible) && attempts < 20 * target + 100) {
    ++attempts;
    g.add(UserId(rng.below(users)), UserId(rng.below(users)), cap);
  }
  g.finish();
  return g;
}

FriendGraph generate_heavy_tailed(std::size_t users, double average, double exponent,
                                  std::size_t cap, RandomStream& rng) {
  // Chung-Lu: user i's expected degree is proportional to its weight w_i, drawn from a Pareto
  // of exponent `exponent` (minimum 1); ends of each edge drawn by weight (cumulative table).
  std::vector<double> cumulative(users);
  double total = 0;
  for (std::size_t i = 0; i < users; ++i) {
    total += std::pow(1.0 - rng.uniform01(), -1.0 / (exponent - 1.0));
    cumulative[i] = total;
  }
  auto draw = [&] {
    const double x = rng.uniform01() * total;
    return UserId(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
  };
  FriendGraph g(users);
  const auto target = static_cast<std::size_t>(std::llround(double(users) * average / 2));
  std::size_t attempts = 0;
  while (g.edges() < target && attempts < 20 * target + 100) {
    ++attempts;
    const UserId a = std::min<UserId>(draw(), UserId(users - 1));
    const UserId b = std::min<UserId>(draw(), UserId(users - 1));
    g.add(a, b, cap);
  }
  g.finish();
  return g;
}

namespace {
std::optional<UserId> read_user(const std::string& field, std::size_t users) {
  std::size_t a = field.find_first_not_of(" \t"), b = field.find_last_not_of(" \t\r");
  if (a == std::string::npos) return std::nullopt;
  unsigned long long v = 0;
  const char* first = field.data() + a;
  const char* last = field.data() + b + 1;
  const auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || end != last || v >= users) return std::nullopt;
  return UserId(v);
}
}  // namespace

FriendGraph load_edges_csv(const std::string& path, std::size_t users, std::size_t cap,
                           Diagnostics& diags) {
  FriendGraph g(users);
  std::ifstream in(path);
  if (!in) {
    diags.error(Location{path, 0, 0}, "", "cannot open the file");
    return g;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line) && diags.list().size() < 20) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1) {
      if (line != "a,b") diags.error(Location{path, 1, 1}, "", "the header must be 'a,b'");
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos) {
      diags.error(Location{path, n, 1}, "", "expected two fields a,b");
      continue;
    }
    const auto a = read_user(line.substr(0, comma), users);
    const auto b = read_user(line.substr(comma + 1), users);
    if (!a || !b) {
      diags.error(Location{path, n, a ? int(comma) + 2 : 1}, "",
                  fmt::format("'{}' is not a user id in [0, {})",
                              a ? line.substr(comma + 1) : line.substr(0, comma), users));
      continue;
    }
    if (*a == *b) {
      diags.error(Location{path, n, 1}, "", fmt::format("user {} cannot befriend itself", *a));
      continue;
    }
    g.add(*a, *b, cap);  // duplicates and friends beyond the cap are dropped
  }
  if (n == 0) diags.error(Location{path, 0, 0}, "", "empty file: expected the header 'a,b'");
  g.finish();
  return g;
}

std::string scenario_relative(const std::string& file, const Location& where) {
  namespace fs = std::filesystem;
  const bool from_file = !where.file.empty() && where.file.rfind("--set", 0) != 0;
  if (fs::path(file).is_absolute() || !from_file) return file;
  return (fs::path(where.file).parent_path() / file).string();
}

std::string encode_friends(const std::vector<UserId>& ids) {
  std::string s;
  for (UserId id : ids) {
    if (!s.empty()) s += ',';
    s += std::to_string(id);
  }
  return s;
}

std::vector<UserId> decode_friends(const std::string& text) {
  std::vector<UserId> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    unsigned long v = 0;
    std::from_chars(text.data() + start, text.data() + end, v);
    out.push_back(UserId(v));
    start = end + 1;
  }
  return out;
}

}  // namespace sdsim::nearby_friends
