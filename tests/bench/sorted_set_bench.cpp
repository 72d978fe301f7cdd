// Benchmark: the leaderboard hot path, ZINCRBY then ZREVRANK, on a sorted set of 10^6
// members, through sdsim's SortedSet (hash map + span-augmented skip list, as Redis) and
// through a lean reference, with the same seeded operations on both.
//
// The reference: an std::unordered_map<member, score> beside a GNU order-statistics tree
// (libstdc++'s __gnu_pbds::tree, a red-black tree like std::map's, augmented with subtree
// sizes) of (score, member). Why not std::map plus std::distance for the rank: that is O(n)
// per rank, ~10^5 times slower at this size, and would flatter the skip list; an
// order-statistics tree is what a careful C++ programmer would write for O(log n) ranks, so
// the ratio measures the cost of imitating Redis's structure, not a straw man.
//
//   sorted_set_bench [--members N] [--ops N] [--seed S]
// Prints ops/s for both (an op = one ZINCRBY + one ZREVRANK), the ratio, the skip list's
// nodes visited per op, and checks both gave the same ranks. Wall-clock figures: a
// measurement, not a test.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Entry = std::pair<double, std::string>;

// Descending order, so that order_of_key() is the ZREVRANK directly: higher score first,
// and for equal scores the member that sorts later comes first (Redis reverses both).
struct Descending {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.first > b.first || (a.first == b.first && a.second > b.second);
  }
};

using OrderStatisticsTree =
    __gnu_pbds::tree<Entry, __gnu_pbds::null_type, Descending, __gnu_pbds::rb_tree_tag,
                     __gnu_pbds::tree_order_statistics_node_update>;

class ReferenceLeaderboard {
 public:
  void add(const std::string& member, double score) {
    scores_.emplace(member, score);
    tree_.insert({score, member});
  }
  void incr(const std::string& member, double by) {
    double& score = scores_.at(member);
    tree_.erase({score, member});
    score += by;
    tree_.insert({score, member});
  }
  std::uint64_t rev_rank(const std::string& member) {
    return tree_.order_of_key({scores_.at(member), member});
  }

 private:
  std::unordered_map<std::string, double> scores_;
  OrderStatisticsTree tree_;
};

struct Operation {
  std::uint32_t incr_member, rank_member;
  double by;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t members = 1'000'000, ops = 1'000'000, seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::uint64_t value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--members")
      members = value;
    else if (flag == "--ops")
      ops = value;
    else if (flag == "--seed")
      seed = value;
    else {
      std::fprintf(stderr, "usage: %s [--members N] [--ops N] [--seed S]\n", argv[0]);
      return 2;
    }
  }

  // The same inputs for both: names, starting scores (ties on purpose) and operations.
  sdsim::RandomStream rng(seed, "sorted-set-bench");
  std::vector<std::string> names(members);
  std::vector<double> initial(members);
  for (std::uint64_t i = 0; i < members; ++i) {
    names[i] = "player:" + std::to_string(i);
    initial[i] = static_cast<double>(rng.below(100'000));
  }
  std::vector<Operation> plan(ops);
  for (Operation& op : plan) {
    op = {static_cast<std::uint32_t>(rng.below(members)),
          static_cast<std::uint32_t>(rng.below(members)), static_cast<double>(1 + rng.below(100))};
  }

  sdsim::storage::sorted_set::SortedSet set(sdsim::RandomStream(seed, "skip-list-levels"));
  auto start = Clock::now();
  for (std::uint64_t i = 0; i < members; ++i) set.add(names[i], initial[i]);
  const double block_build_s = seconds_since(start);
  set.take_work();
  std::uint64_t block_checksum = 0;
  const sdsim::storage::sorted_set::AddFlags incr{.incr = true};
  start = Clock::now();
  for (const Operation& op : plan) {
    set.add(names[op.incr_member], op.by, incr);
    block_checksum +=
        *set.rank(names[op.rank_member], sdsim::storage::sorted_set::Order::descending);
  }
  const double block_s = seconds_since(start);
  const sdsim::storage::sorted_set::SortedSetWork work = set.take_work();

  ReferenceLeaderboard reference;
  start = Clock::now();
  for (std::uint64_t i = 0; i < members; ++i) reference.add(names[i], initial[i]);
  const double reference_build_s = seconds_since(start);
  std::uint64_t reference_checksum = 0;
  start = Clock::now();
  for (const Operation& op : plan) {
    reference.incr(names[op.incr_member], op.by);
    reference_checksum += reference.rev_rank(names[op.rank_member]);
  }
  const double reference_s = seconds_since(start);

  const double block_rate = static_cast<double>(ops) / block_s;
  const double reference_rate = static_cast<double>(ops) / reference_s;
  std::printf("sorted set, %llu members, %llu x (ZINCRBY + ZREVRANK), seed %llu\n",
              static_cast<unsigned long long>(members), static_cast<unsigned long long>(ops),
              static_cast<unsigned long long>(seed));
  std::printf("  sdsim SortedSet (skip list):     %12.0f ops/s   (build %.2f s)\n", block_rate,
              block_build_s);
  std::printf("  order-statistics tree reference: %12.0f ops/s   (build %.2f s)\n", reference_rate,
              reference_build_s);
  std::printf("  ratio sdsim / reference:         %12.2f\n", block_rate / reference_rate);
  std::printf("  skip-list work per op:           %12.1f nodes visited, %.1f comparisons\n",
              static_cast<double>(work.nodes_visited) / static_cast<double>(ops),
              static_cast<double>(work.comparisons) / static_cast<double>(ops));
  if (block_checksum != reference_checksum) {
    std::printf("  MISMATCH: the two structures disagree on the ranks\n");
    return 1;
  }
  std::printf("  ranks agree (checksum %llu)\n", static_cast<unsigned long long>(block_checksum));
  return 0;
}
