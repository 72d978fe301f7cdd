#include "sim/storage/sorted_set/sorted_set.hpp"

#include <cassert>
#include <cmath>

namespace sdsim::storage::sorted_set {
namespace {

double key(const SkipList::Node* node, const ScoreRange&) { return node->score; }
std::string_view key(const SkipList::Node* node, const LexRange&) { return node->member(); }

}  // namespace

SortedSet::SortedSet(RandomStream rng) : list_(rng) {}

SortedSet::Node* SortedSet::find(std::string_view member) {
  ++hash_lookups_;
  auto it = nodes_.find(member);
  return it == nodes_.end() ? nullptr : it->second;
}

void SortedSet::insert_new(std::string_view member, double score) {
  if (compact_ &&
      (nodes_.size() + 1 > kCompactMaxMembers || member.size() > kCompactMaxMemberBytes)) {
    compact_ = false;  // Redis converts the listpack to a skip list here, never back
  }
  Node* node = list_.insert(stored_score(score), member);
  ++hash_lookups_;
  nodes_.emplace(node->member(), node);
  bytes_held_ += member_bytes(member);
}

double SortedSet::stored_score(double score) const {
  // A listpack keeps an integral score as an integer: -0 comes back as 0.
  return compact_ && score == 0 ? 0.0 : score;
}

AddResult SortedSet::add(std::string_view member, double score, AddFlags flags) {
  assert(!(flags.nx && (flags.xx || flags.gt || flags.lt)) && !(flags.gt && flags.lt) &&
         "ZADD flag combination Redis rejects");
  assert(!std::isnan(score) && "a NaN score is rejected before it reaches the set");
  Node* node = find(member);
  if (node == nullptr) {
    if (flags.xx) return {AddOutcome::skipped, 0};
    insert_new(member, score);
    return {AddOutcome::added, score};
  }
  if (flags.nx) return {AddOutcome::skipped, node->score};
  const double current = node->score;
  if (flags.incr) {
    score += current;
    if (std::isnan(score)) return {AddOutcome::not_a_number, current};
  }
  if ((flags.lt && score >= current) || (flags.gt && score <= current)) {
    return {AddOutcome::skipped, current};
  }
  // Equal scores (including 0 and -0) leave the node alone, as Redis does.
  if (score == current) return {AddOutcome::unchanged, score};
  list_.update_score(node, stored_score(score));
  return {AddOutcome::updated, score};  // the reply shows the score before storage, as Redis
}

std::optional<double> SortedSet::score(std::string_view member) {
  const Node* node = find(member);
  if (node == nullptr) return std::nullopt;
  return node->score;
}

bool SortedSet::remove(std::string_view member) {
  auto it = nodes_.find(member);
  ++hash_lookups_;
  if (it == nodes_.end()) return false;
  Node* node = it->second;
  const std::uint64_t bytes = member_bytes(node->member());
  const double score = node->score;
  nodes_.erase(it);  // the key views the node's string: drop it before the node goes
  [[maybe_unused]] const bool erased = list_.erase(score, node->member());
  assert(erased);
  bytes_held_ -= bytes;
  return true;
}

std::optional<std::uint64_t> SortedSet::rank(std::string_view member, Order order) {
  const Node* node = find(member);
  if (node == nullptr) return std::nullopt;
  const std::uint64_t rank = list_.rank(node->score, node->member());
  assert(rank > 0);
  return order == Order::ascending ? rank - 1 : list_.size() - rank;
}

std::vector<ScoredMember> SortedSet::range_by_rank(std::int64_t start, std::int64_t stop,
                                                   Order order) {
  const auto length = static_cast<std::int64_t>(list_.size());
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  std::vector<ScoredMember> out;
  if (start > stop || start >= length) return out;
  if (stop >= length) stop = length - 1;
  const bool reverse = order == Order::descending;
  Node* x;
  if (start == 0) {
    x = reverse ? list_.last() : list_.first();
  } else {
    x = list_.at_rank(static_cast<std::uint64_t>(reverse ? length - start : start + 1));
  }
  out.reserve(static_cast<std::size_t>(stop - start + 1));
  for (std::int64_t i = start; i <= stop; ++i) {
    out.push_back({std::string(x->member()), x->score});
    x = list_.step(x, reverse);
  }
  return out;
}

template <class Range>
std::vector<ScoredMember> SortedSet::range_in(const Range& range, Order order, std::int64_t offset,
                                              std::int64_t count) {
  std::vector<ScoredMember> out;
  // Redis skips the walk for an offset past the end, and a negative one walks off the end.
  if (offset < 0 || offset >= static_cast<std::int64_t>(list_.size())) return out;
  const bool reverse = order == Order::descending;
  Node* x = reverse ? list_.last_in(range) : list_.first_in(range);
  for (; x != nullptr && offset > 0; --offset) x = list_.step(x, reverse);
  for (; x != nullptr && count != 0; --count) {
    const bool inside = reverse ? range.above_min(key(x, range)) : range.below_max(key(x, range));
    if (!inside) break;
    out.push_back({std::string(x->member()), x->score});
    x = list_.step(x, reverse);
  }
  return out;
}

template <class Range>
std::uint64_t SortedSet::count_in(const Range& range) {
  const Node* first = list_.first_in(range);
  if (first == nullptr) return 0;
  const Node* last = list_.last_in(range);
  const std::uint64_t first_rank = list_.rank(first->score, first->member());
  const std::uint64_t last_rank = list_.rank(last->score, last->member());
  return last_rank - first_rank + 1;
}

template <class Range>
std::uint64_t SortedSet::remove_in(const Range& range) {
  return list_.erase_range(range, [this](std::string_view member) {
    ++hash_lookups_;
    nodes_.erase(member);
    bytes_held_ -= member_bytes(member);
  });
}

std::vector<ScoredMember> SortedSet::range_by_score(const ScoreRange& range, Order order,
                                                    std::int64_t offset, std::int64_t count) {
  return range_in(range, order, offset, count);
}
std::uint64_t SortedSet::count(const ScoreRange& range) { return count_in(range); }
std::uint64_t SortedSet::remove_range_by_score(const ScoreRange& range) { return remove_in(range); }

std::vector<ScoredMember> SortedSet::range_by_lex(const LexRange& range, Order order,
                                                  std::int64_t offset, std::int64_t count) {
  return range_in(range, order, offset, count);
}
std::uint64_t SortedSet::count_lex(const LexRange& range) { return count_in(range); }
std::uint64_t SortedSet::remove_range_by_lex(const LexRange& range) { return remove_in(range); }

SortedSetWork SortedSet::work() const {
  return {hash_lookups_, list_.work().nodes_visited, list_.work().comparisons};
}

SortedSetWork SortedSet::take_work() {
  const SkipListWork list = list_.take_work();
  SortedSetWork taken{hash_lookups_, list.nodes_visited, list.comparisons};
  hash_lookups_ = 0;
  return taken;
}

}  // namespace sdsim::storage::sorted_set
