// A Redis sorted set (https://redis.io/docs/data-types/sorted-sets/): members with a double
// score, ordered by score and, for equal scores, by member bytes (memcmp order); the reverse
// commands reverse both. Built as Redis builds it: a hash map member -> node for O(1) score
// lookups beside a span-augmented skip list (skip_list.hpp) for O(log n) ranks and ranges.
//
// Semantics follow the command pages cited on each method; the text of Redis's replies and
// its argument parsing live in sim/storage/redis/. One Redis detail is kept on purpose: Redis
// stores small sets (at most 128 members, none longer than 64 bytes) as a listpack, which
// writes an integral score as an integer and so turns a score of -0 into 0; this set does the
// same while it is that small, so ZSCORE answers "0" where Redis does. Past those sizes Redis
// converts to the skip list for good, and so does this flag.
//
// Work counters: hash lookups, skip-list nodes visited and comparisons, and the bytes held
// (members + 8-byte scores), for a service to turn into CPU time and memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/sorted_set/lex_range.hpp"
#include "sim/storage/sorted_set/score_range.hpp"
#include "sim/storage/sorted_set/skip_list.hpp"

namespace sdsim::storage::sorted_set {

struct SortedSetWork {
  std::uint64_t hash_lookups = 0;
  std::uint64_t nodes_visited = 0;
  std::uint64_t comparisons = 0;

  SortedSetWork& operator+=(const SortedSetWork& other) {
    hash_lookups += other.hash_lookups;
    nodes_visited += other.nodes_visited;
    comparisons += other.comparisons;
    return *this;
  }
};

struct ScoredMember {
  std::string member;
  double score = 0;
  bool operator==(const ScoredMember&) const = default;
};

enum class Order { ascending, descending };

// ZADD's condition flags (https://redis.io/commands/zadd/). NX excludes XX, GT and LT; GT
// excludes LT; the Redis layer reports those combinations as errors before calling add().
struct AddFlags {
  bool nx = false;    // only add new members
  bool xx = false;    // only update existing members
  bool gt = false;    // only update when the new score is greater
  bool lt = false;    // only update when the new score is less
  bool incr = false;  // the score is an increment (ZINCRBY, ZADD INCR)
};

enum class AddOutcome {
  added,         // a new member
  updated,       // an existing member's score changed
  unchanged,     // processed, but the score was already that value
  skipped,       // NX / XX / GT / LT ruled the change out
  not_a_number,  // the increment made the score NaN (inf + -inf): nothing changed
};

struct AddResult {
  AddOutcome outcome;
  double score = 0;  // the member's score after the call (meaningful unless skipped / NaN)
};

class SortedSet {
 public:
  // Redis's zset-max-listpack-entries and zset-max-listpack-value defaults.
  static constexpr std::size_t kCompactMaxMembers = 128;
  static constexpr std::size_t kCompactMaxMemberBytes = 64;
  static constexpr std::uint64_t kScoreBytes = sizeof(double);

  explicit SortedSet(RandomStream rng);

  std::size_t size() const { return nodes_.size(); }
  bool empty() const { return nodes_.empty(); }
  bool compact() const { return compact_; }
  std::uint64_t bytes_held() const { return bytes_held_; }

  // https://redis.io/commands/zadd/ and /zincrby/ (score NaN is the caller's error to report).
  AddResult add(std::string_view member, double score, AddFlags flags = {});
  // https://redis.io/commands/zscore/
  std::optional<double> score(std::string_view member);
  // https://redis.io/commands/zrem/
  bool remove(std::string_view member);
  // https://redis.io/commands/zrank/ and /zrevrank/ : 0-based, nullopt for a missing member.
  std::optional<std::uint64_t> rank(std::string_view member, Order order = Order::ascending);
  // https://redis.io/commands/zrange/ by index: negative indices count from the end, an
  // out-of-range stop is clamped, start > stop gives nothing.
  std::vector<ScoredMember> range_by_rank(std::int64_t start, std::int64_t stop,
                                          Order order = Order::ascending);
  // https://redis.io/commands/zrangebyscore/ (descending: /zrevrangebyscore/): skip `offset`
  // matches, return at most `count` (negative: all). A negative offset returns nothing, as
  // Redis's walk does.
  std::vector<ScoredMember> range_by_score(const ScoreRange& range, Order order = Order::ascending,
                                           std::int64_t offset = 0, std::int64_t count = -1);
  // https://redis.io/commands/zcount/ : O(log n) through two ranks.
  std::uint64_t count(const ScoreRange& range);
  // https://redis.io/commands/zremrangebyscore/
  std::uint64_t remove_range_by_score(const ScoreRange& range);
  // https://redis.io/commands/zrangebylex/ , /zlexcount/ , /zremrangebylex/ : the same on
  // members, meant for sets whose scores are all equal.
  std::vector<ScoredMember> range_by_lex(const LexRange& range, Order order = Order::ascending,
                                         std::int64_t offset = 0, std::int64_t count = -1);
  std::uint64_t count_lex(const LexRange& range);
  std::uint64_t remove_range_by_lex(const LexRange& range);

  SortedSetWork work() const;
  SortedSetWork take_work();

 private:
  using Node = SkipList::Node;
  Node* find(std::string_view member);
  void insert_new(std::string_view member, double score);
  double stored_score(double score) const;
  template <class Range>
  std::vector<ScoredMember> range_in(const Range& range, Order order, std::int64_t offset,
                                     std::int64_t count);
  template <class Range>
  std::uint64_t count_in(const Range& range);
  template <class Range>
  std::uint64_t remove_in(const Range& range);
  static std::uint64_t member_bytes(std::string_view member) { return member.size() + kScoreBytes; }

  SkipList list_;
  // Keys view the member string inside each node, so a member is stored once.
  std::unordered_map<std::string_view, Node*> nodes_;
  bool compact_ = true;
  std::uint64_t bytes_held_ = 0;
  std::uint64_t hash_lookups_ = 0;
};

}  // namespace sdsim::storage::sorted_set
