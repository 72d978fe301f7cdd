// An interval of members for sets whose members all share one score, as ZRANGEBYLEX and
// ZLEXCOUNT take it (https://redis.io/commands/zrangebylex/ : "[a" inclusive, "(a" exclusive,
// "-" and "+" the smallest and largest possible strings). Members compare as bytes (memcmp).
// With differing scores the set is not in member order and Redis calls the result
// unspecified; this block then answers with what its own skip list walk finds.
#pragma once

#include <string>
#include <string_view>

namespace sdsim::storage::sorted_set {

struct LexBound {
  enum class Kind { minus_infinity, plus_infinity, member };
  Kind kind = Kind::member;
  std::string member;
  bool exclusive = false;  // "-" and "+" count as exclusive, as in Redis

  static LexBound minus() { return {Kind::minus_infinity, {}, true}; }
  static LexBound plus() { return {Kind::plus_infinity, {}, true}; }
};

struct LexRange {
  LexBound min = LexBound::minus();
  LexBound max = LexBound::plus();

  // <0, 0, >0 as `member` sorts before, equal to or after `bound` (Redis's sdscmplex).
  static int compare(std::string_view member, const LexBound& bound) {
    if (bound.kind == LexBound::Kind::minus_infinity) return 1;
    if (bound.kind == LexBound::Kind::plus_infinity) return -1;
    return member.compare(bound.member);
  }
  bool above_min(std::string_view member) const {
    const int c = compare(member, min);
    return min.exclusive ? c > 0 : c >= 0;
  }
  bool below_max(std::string_view member) const {
    const int c = compare(member, max);
    return max.exclusive ? c < 0 : c <= 0;
  }
  bool contains(std::string_view member) const { return above_min(member) && below_max(member); }
  bool empty() const {
    int c;
    if (min.kind == max.kind && min.kind != LexBound::Kind::member) {
      c = 0;
    } else if (min.kind == LexBound::Kind::minus_infinity ||
               max.kind == LexBound::Kind::plus_infinity) {
      c = -1;
    } else if (min.kind == LexBound::Kind::plus_infinity ||
               max.kind == LexBound::Kind::minus_infinity) {
      c = 1;
    } else {
      c = std::string_view(min.member).compare(max.member);
    }
    return c > 0 || (c == 0 && (min.exclusive || max.exclusive));
  }
};

}  // namespace sdsim::storage::sorted_set
