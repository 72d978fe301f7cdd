#include "models/leaderboard/sharding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/storage/redis/key_slot.hpp"

namespace sdsim::leaderboard {

std::string month_name(const std::string& first, std::int64_t index) {
  const bool shape = first.size() == 7 && first[4] == '-' &&
                     std::all_of(first.begin(), first.begin() + 4, ::isdigit) &&
                     ::isdigit(first[5]) && ::isdigit(first[6]);
  const int month = shape ? std::stoi(first.substr(5)) : 0;
  if (!shape || month < 1 || month > 12)
    throw std::invalid_argument("a month is YYYY-MM, got '" + first + "'");
  const std::int64_t total = std::stoll(first.substr(0, 4)) * 12 + (month - 1) + index;
  return fmt::format("{:04d}-{:02d}", total / 12, total % 12 + 1);
}

std::string board_key(const std::string& month, int shard, int shards) {
  return shards <= 1 ? "leaderboard_" + month : fmt::format("leaderboard_{}:{}", month, shard);
}

std::string member_name(std::uint64_t user) { return fmt::format("user{:07d}", user); }

int hash_shard(const std::string& member, int shards) {
  return static_cast<int>(storage::redis::crc16_xmodem(member) % static_cast<unsigned>(shards));
}

int fixed_shard(double score, int range, int shards) {
  const double k = std::floor(score / range);
  return static_cast<int>(std::clamp(k, 0.0, static_cast<double>(shards - 1)));
}

double encode_first(double wins, double reached_s) {
  const double us = std::floor(reached_s * 1e6);
  if (us < 0 || us >= kTieSlots || wins < 0 || wins >= kMaxTieWins)
    throw std::out_of_range(fmt::format(
        "ties first: {} wins at {} s is outside [0, 2^20) wins and [0, 2^33) us", wins, reached_s));
  return wins * kTieSlots + (kTieSlots - 1 - us);
}

double decode_wins(double score, bool first) { return first ? std::floor(score / kTieSlots) : score; }

double decode_reached(double score) {
  return (kTieSlots - 1 - (score - std::floor(score / kTieSlots) * kTieSlots)) / 1e6;
}

bool revrange_before(const ScoredMember& a, const ScoredMember& b) {
  return a.score != b.score ? a.score > b.score : a.member > b.member;
}

std::vector<ScoredMember> merge_top_k(const std::vector<std::vector<ScoredMember>>& lists,
                                      std::size_t k) {
  std::vector<ScoredMember> all;
  for (const auto& l : lists) all.insert(all.end(), l.begin(), l.begin() + std::min(k, l.size()));
  const std::size_t n = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + n, all.end(), revrange_before);
  all.resize(n);
  return all;
}

std::int64_t fixed_global_rank(std::int64_t local_rank, int shard,
                               const std::vector<std::int64_t>& sizes) {
  std::int64_t above = 0;
  for (std::size_t k = shard + 1; k < sizes.size(); ++k) above += sizes[k];
  return above + local_rank;
}

}  // namespace sdsim::leaderboard

namespace sdsim::leaderboard {

std::vector<ScoredMember> neighbour_window(std::vector<ScoredMember> candidates,
                                           const ScoredMember& pivot) {
  std::sort(candidates.begin(), candidates.end(), revrange_before);
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::erase_if(candidates, [&](const ScoredMember& c) { return c.member == pivot.member; });
  const auto split = std::lower_bound(candidates.begin(), candidates.end(), pivot, revrange_before);
  const auto from = split - std::min<std::ptrdiff_t>(4, split - candidates.begin());
  const auto to = split + std::min<std::ptrdiff_t>(4, candidates.end() - split);
  std::vector<ScoredMember> out(from, split);
  out.push_back(pivot);
  out.insert(out.end(), split, to);
  return out;
}

}  // namespace sdsim::leaderboard
