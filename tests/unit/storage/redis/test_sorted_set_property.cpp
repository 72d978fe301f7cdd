// The sorted set against a naive reference: a std::vector of (score, member) kept sorted,
// every operation done the obvious O(n) way. Thousands of random operations with many ties
// in score (so member order decides), infinities, and indices and bounds outside the set.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

using namespace sdsim::storage::sorted_set;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Reference {
  std::vector<ScoredMember> items;  // sorted by (score, member)

  static bool before(const ScoredMember& a, const ScoredMember& b) {
    return a.score < b.score || (a.score == b.score && a.member < b.member);
  }
  std::vector<ScoredMember>::iterator find(const std::string& member) {
    return std::find_if(items.begin(), items.end(),
                        [&](const ScoredMember& item) { return item.member == member; });
  }
  void put(const std::string& member, double score) {
    auto it = find(member);
    if (it != items.end()) items.erase(it);
    ScoredMember item{member, score};
    items.insert(std::upper_bound(items.begin(), items.end(), item, before), item);
  }
  std::vector<ScoredMember> ordered(Order order) const {
    std::vector<ScoredMember> out = items;
    if (order == Order::descending) std::reverse(out.begin(), out.end());
    return out;
  }
};

std::string random_member(sdsim::RandomStream& rng) {
  static const char* names[] = {"a",   "b",   "c", "aa", "ab", "b\xff", "",  "z", "m1", "m2",
                                "m10", "x y", "A", "0",  "-1", "zz",    "q", "r", "s",  "t"};
  return names[rng.below(sizeof(names) / sizeof(names[0]))];
}

double random_score(sdsim::RandomStream& rng) {
  switch (rng.below(8)) {
    case 0:
      return kInf;
    case 1:
      return -kInf;
    case 2:
      return static_cast<double>(rng.below(2001)) / 4.0 - 250.0;
    default:
      return static_cast<double>(rng.below(7)) - 3.0;  // ties galore
  }
}

ScoreRange random_range(sdsim::RandomStream& rng) {
  ScoreRange range;
  range.min = rng.below(6) == 0 ? -kInf : random_score(rng);
  range.max = rng.below(6) == 0 ? kInf : random_score(rng);
  range.min_exclusive = rng.below(3) == 0;
  range.max_exclusive = rng.below(3) == 0;
  return range;
}

std::vector<ScoredMember> reference_score_range(const Reference& ref, const ScoreRange& range,
                                                Order order, std::int64_t offset,
                                                std::int64_t count) {
  std::vector<ScoredMember> matches;
  for (const ScoredMember& item : ref.ordered(order))
    if (range.contains(item.score)) matches.push_back(item);
  if (offset < 0) return {};
  std::vector<ScoredMember> out;
  for (std::size_t i = static_cast<std::size_t>(offset); i < matches.size(); ++i) {
    if (count >= 0 && static_cast<std::int64_t>(out.size()) == count) break;
    out.push_back(matches[i]);
  }
  return out;
}

std::vector<ScoredMember> reference_rank_range(const Reference& ref, std::int64_t start,
                                               std::int64_t stop, Order order) {
  const auto n = static_cast<std::int64_t>(ref.items.size());
  if (start < 0) start += n;
  if (stop < 0) stop += n;
  start = std::max<std::int64_t>(start, 0);
  stop = std::min<std::int64_t>(stop, n - 1);
  std::vector<ScoredMember> all = ref.ordered(order), out;
  for (std::int64_t i = start; i <= stop; ++i) out.push_back(all[static_cast<std::size_t>(i)]);
  return out;
}

void apply_add(SortedSet& set, Reference& ref, sdsim::RandomStream& rng) {
  const std::string member = random_member(rng);
  const double score = random_score(rng);
  AddFlags flags;
  switch (rng.below(6)) {
    case 0:
      flags.nx = true;
      break;
    case 1:
      flags.xx = true;
      break;
    case 2:
      flags.gt = true;
      break;
    case 3:
      flags.lt = true;
      break;
    case 4:
      flags.xx = true;
      flags.gt = rng.below(2) == 0;
      flags.lt = !flags.gt;
      break;
    default:
      break;
  }
  flags.incr = rng.below(3) == 0;
  auto it = ref.find(member);
  const bool exists = it != ref.items.end();
  const AddResult result = set.add(member, score, flags);
  if (!exists) {
    if (flags.xx) {
      CHECK(result.outcome == AddOutcome::skipped);
    } else {
      CHECK(result.outcome == AddOutcome::added);
      ref.put(member, score);
    }
    return;
  }
  const double current = it->score;
  if (flags.nx) {
    CHECK(result.outcome == AddOutcome::skipped);
    return;
  }
  const double wanted = flags.incr ? current + score : score;
  if (std::isnan(wanted)) {
    CHECK(result.outcome == AddOutcome::not_a_number);
    return;
  }
  if ((flags.gt && wanted <= current) || (flags.lt && wanted >= current)) {
    CHECK(result.outcome == AddOutcome::skipped);
    return;
  }
  CHECK(result.score == wanted);
  CHECK(result.outcome == (wanted == current ? AddOutcome::unchanged : AddOutcome::updated));
  if (wanted != current) ref.put(member, wanted);
}

}  // namespace

TEST_CASE("storage/redis: sorted set matches a naive sorted vector over random operations") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    sdsim::RandomStream rng(seed, "sorted-set-property");
    SortedSet set(sdsim::RandomStream(seed, "levels"));
    Reference ref;
    for (int step = 0; step < 5000; ++step) {
      const Order order = rng.below(2) == 0 ? Order::ascending : Order::descending;
      switch (rng.below(9)) {
        case 0:
        case 1:
        case 2:
          apply_add(set, ref, rng);
          break;
        case 3: {
          const std::string member = random_member(rng);
          auto it = ref.find(member);
          CHECK(set.remove(member) == (it != ref.items.end()));
          if (it != ref.items.end()) ref.items.erase(it);
          break;
        }
        case 4: {
          const std::string member = random_member(rng);
          auto all = ref.ordered(order);
          auto it = std::find_if(all.begin(), all.end(),
                                 [&](const ScoredMember& m) { return m.member == member; });
          auto rank = set.rank(member, order);
          if (it == all.end()) {
            CHECK(!rank.has_value());
            CHECK(!set.score(member).has_value());
          } else {
            REQUIRE(rank.has_value());
            CHECK(*rank == static_cast<std::uint64_t>(it - all.begin()));
            CHECK(set.score(member) == it->score);
          }
          break;
        }
        case 5: {
          const auto n = static_cast<std::int64_t>(ref.items.size());
          const std::int64_t start = static_cast<std::int64_t>(rng.below(2 * n + 7)) - n - 3;
          const std::int64_t stop = static_cast<std::int64_t>(rng.below(2 * n + 7)) - n - 3;
          CHECK(set.range_by_rank(start, stop, order) ==
                reference_rank_range(ref, start, stop, order));
          break;
        }
        case 6: {
          const ScoreRange range = random_range(rng);
          const std::int64_t offset = static_cast<std::int64_t>(rng.below(6)) - 1;
          const std::int64_t count = static_cast<std::int64_t>(rng.below(8)) - 2;
          CHECK(set.range_by_score(range, order, offset, count) ==
                reference_score_range(ref, range, order, offset, count));
          CHECK(set.count(range) == reference_score_range(ref, range, order, 0, -1).size());
          break;
        }
        case 7: {
          if (rng.below(4) != 0) break;  // keep the set from draining too often
          const ScoreRange range = random_range(rng);
          const auto before = ref.items.size();
          std::erase_if(ref.items, [&](const ScoredMember& m) { return range.contains(m.score); });
          CHECK(set.remove_range_by_score(range) == before - ref.items.size());
          break;
        }
        default:
          CHECK(set.range_by_rank(0, -1, order) == ref.ordered(order));
          break;
      }
      REQUIRE(set.size() == ref.items.size());
    }
    CHECK(set.range_by_rank(0, -1) == ref.items);
  }
}

TEST_CASE("storage/redis: sorted set ranks stay exact on a large set (spans)") {
  SortedSet set(sdsim::RandomStream(9, "levels"));
  sdsim::RandomStream rng(9, "ops");
  std::vector<ScoredMember> ref;
  for (int i = 0; i < 3000; ++i) {
    const std::string member = "m" + std::to_string(i);
    const double score = static_cast<double>(rng.below(50));
    set.add(member, score);
    ref.push_back({member, score});
  }
  for (int i = 0; i < 3000; ++i) {  // move members around: the in-place and relink paths
    auto& item = ref[rng.below(ref.size())];
    const double delta = static_cast<double>(rng.below(5)) - 2.0;
    set.add(item.member, delta, AddFlags{.incr = true});
    item.score += delta;
  }
  std::sort(ref.begin(), ref.end(), [](const ScoredMember& a, const ScoredMember& b) {
    return a.score < b.score || (a.score == b.score && a.member < b.member);
  });
  for (std::size_t i = 0; i < ref.size(); i += 37) {
    CHECK(set.rank(ref[i].member) == i);
    CHECK(set.rank(ref[i].member, Order::descending) == ref.size() - 1 - i);
    CHECK(set.range_by_rank(static_cast<std::int64_t>(i), static_cast<std::int64_t>(i)) ==
          std::vector<ScoredMember>{ref[i]});
  }
  CHECK(set.range_by_rank(0, -1) == ref);
}
