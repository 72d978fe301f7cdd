// The skip list under a Redis sorted set (the zskiplist of Redis's t_zset.c, after Pugh's
// "Skip Lists: A Probabilistic Alternative to Balanced Trees"): nodes ordered by (score,
// member bytes), each level's forward link carrying a span (how many level-0 nodes it jumps)
// so that a rank is the sum of the spans walked, O(log n). Node heights follow Redis's
// distribution: P(height > h) = (1/4)^h, capped at 32 levels, drawn from a RandomStream so
// a seed gives the same structure and therefore the same work counts.
//
// The list knows nothing of duplicates: the sorted set's hash map guarantees a member is
// inserted once. Every traversal adds to a SkipListWork counter so a service can charge CPU
// for the structure's real cost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/random.hpp"
#include "sim/storage/sorted_set/lex_range.hpp"
#include "sim/storage/sorted_set/score_range.hpp"

namespace sdsim::storage::sorted_set {

struct SkipListWork {
  std::uint64_t nodes_visited = 0;  // forward links followed while searching or walking
  std::uint64_t comparisons = 0;    // (score, member) order tests made while searching

  SkipListWork& operator+=(const SkipListWork& other) {
    nodes_visited += other.nodes_visited;
    comparisons += other.comparisons;
    return *this;
  }
};

class SkipList {
 public:
  static constexpr int kMaxLevel = 32;  // Redis's ZSKIPLIST_MAXLEVEL

  struct Node;
  struct Level {
    Node* forward = nullptr;
    std::uint64_t span = 0;  // level-0 nodes between this node and `forward`, counting forward
  };
  // One allocation per node: this header, `height` levels, then the member's bytes (Redis's
  // zskiplistNode keeps its levels inline too). The score and the first levels usually share
  // a cache line, so a search step decided by the score touches one line per node.
  struct Node {
    double score = 0;
    Node* backward = nullptr;
    Level* levels = nullptr;
    std::uint32_t member_size = 0;
    int height = 0;

    std::string_view member() const {
      return {reinterpret_cast<const char*>(levels + height), member_size};
    }
    Node* next() const { return levels[0].forward; }
    Node* prev() const { return backward; }
  };

  explicit SkipList(RandomStream rng);
  ~SkipList();
  SkipList(SkipList&& other) noexcept;
  SkipList& operator=(SkipList&& other) noexcept;
  SkipList(const SkipList&) = delete;
  SkipList& operator=(const SkipList&) = delete;

  std::uint64_t size() const { return length_; }
  Node* first() const { return header_->levels[0].forward; }
  Node* last() const { return tail_; }

  // Inserts a member known to be absent; returns its node (stable until erased).
  Node* insert(double score, std::string_view member);
  // Moves an existing node to `new_score`, in place when its neighbours allow (as Redis's
  // zslUpdateScore does), otherwise unlinked and relinked. The node keeps its height.
  void update_score(Node* node, double new_score);
  // Unlinks and frees the node holding (score, member); false if there is none.
  bool erase(double score, std::string_view member);

  // 1-based rank of (score, member), 0 when absent (Redis's zslGetRank).
  std::uint64_t rank(double score, std::string_view member);
  // The node at 1-based `rank`, or null (Redis's zslGetElementByRank).
  Node* at_rank(std::uint64_t rank);
  // First / last node inside `range` (a ScoreRange on scores, a LexRange on members), or null.
  template <class Range>
  Node* first_in(const Range& range);
  template <class Range>
  Node* last_in(const Range& range);
  // Erases every node inside `range`, calling on_erase(member) before each is freed;
  // returns how many were erased.
  template <class Range, class OnErase>
  std::uint64_t erase_range(const Range& range, OnErase on_erase);

  // Walks from `node` one step, counting the visit (ranges are charged per element).
  Node* step(Node* node, bool reverse) {
    ++work_.nodes_visited;
    return reverse ? node->prev() : node->next();
  }

  const SkipListWork& work() const { return work_; }
  SkipListWork take_work() {
    SkipListWork taken = work_;
    work_ = {};
    return taken;
  }

 private:
  using Path = Node* [kMaxLevel];

  int random_height();
  static Node* new_node(int height, double score, std::string_view member);
  static void free_node(Node* node);
  bool precedes(const Node* node, double score, std::string_view member);
  void link(Node* node);  // splices a detached node in at its (score, member) position
  void unlink(Node* node, Path& update);
  // What a range looks at in a node: the score or the member.
  static double key_of(const Node* node, const ScoreRange&) { return node->score; }
  static std::string_view key_of(const Node* node, const LexRange&) { return node->member(); }
  template <class Range>
  bool overlaps(const Range& range) const;
  // Fills update[] with the last node before the first one >= (score, member) at each level.
  Node* find_path(double score, std::string_view member, Path& update);
  // The same for the first node inside `range`'s lower bound.
  template <class Range>
  Node* find_path_min(const Range& range, Path& update);
  void release_all();

  RandomStream rng_;
  Node* header_;
  Node* tail_ = nullptr;
  std::uint64_t length_ = 0;
  int level_ = 1;
  SkipListWork work_;
};

template <class Range>
bool SkipList::overlaps(const Range& range) const {
  if (range.empty()) return false;
  if (tail_ == nullptr || !range.above_min(key_of(tail_, range))) return false;
  const Node* head = header_->levels[0].forward;
  return head != nullptr && range.below_max(key_of(head, range));
}

template <class Range>
SkipList::Node* SkipList::find_path_min(const Range& range, Path& update) {
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels[i].forward != nullptr &&
           !range.above_min(key_of(x->levels[i].forward, range))) {
      ++work_.comparisons;
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    ++work_.comparisons;
    update[i] = x;
  }
  return x->levels[0].forward;
}

template <class Range>
SkipList::Node* SkipList::first_in(const Range& range) {
  if (!overlaps(range)) return nullptr;
  Path update;
  Node* x = find_path_min(range, update);
  // overlaps() guarantees a node above min exists; it may still lie beyond max.
  return x != nullptr && range.below_max(key_of(x, range)) ? x : nullptr;
}

template <class Range>
SkipList::Node* SkipList::last_in(const Range& range) {
  if (!overlaps(range)) return nullptr;
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels[i].forward != nullptr &&
           range.below_max(key_of(x->levels[i].forward, range))) {
      ++work_.comparisons;
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    ++work_.comparisons;
  }
  return x != header_ && range.above_min(key_of(x, range)) ? x : nullptr;
}

template <class Range, class OnErase>
std::uint64_t SkipList::erase_range(const Range& range, OnErase on_erase) {
  Path update;
  Node* x = find_path_min(range, update);
  std::uint64_t erased = 0;
  while (x != nullptr && range.below_max(key_of(x, range))) {
    ++work_.nodes_visited;
    Node* next = x->next();
    unlink(x, update);
    on_erase(x->member());
    free_node(x);
    ++erased;
    x = next;
  }
  return erased;
}

}  // namespace sdsim::storage::sorted_set
