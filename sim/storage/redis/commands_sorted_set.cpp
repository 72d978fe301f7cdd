// Sorted-set commands, following Redis 7.0's t_zset.c in the order of its checks: options,
// then arguments, then the key's type, so that each malformed command fails with the error
// Redis gives first.
#include <optional>
#include <variant>

#include "sim/storage/redis/commands.hpp"
#include "sim/storage/redis/errors.hpp"
#include "sim/storage/redis/numbers.hpp"

namespace sdsim::storage::redis::commands {

using namespace sorted_set;  // this file speaks the sorted set's vocabulary throughout

namespace {

// The sorted set at `key`, if any; wrong_type when the key holds something else.
struct Lookup {
  SortedSet* set = nullptr;
  bool wrong_type = false;
};

Lookup find_set(Database& db, const std::string& key, double now_s) {
  Value* value = db.keyspace().find(key, now_s);
  if (value == nullptr) return {};
  if (auto* set = std::get_if<SortedSet>(value)) return {set, false};
  return {nullptr, true};
}

// After a write: charge the work, keep memory exact, and drop the key if the set emptied
// (Redis never keeps an empty sorted set).
void finish_write(Database& db, const std::string& key, SortedSet& set, double now_s) {
  db.charge(set);
  if (set.empty()) {
    db.keyspace().erase(key, now_s);
  } else {
    db.keyspace().refresh_bytes(key);
  }
}

Reply scored_members(const std::vector<ScoredMember>& items, bool with_scores) {
  std::vector<Reply> out;
  out.reserve(items.size() * (with_scores ? 2 : 1));
  for (const ScoredMember& item : items) {
    out.push_back(Reply::bulk(item.member));
    if (with_scores) out.push_back(Reply::bulk_double(item.score));
  }
  return Reply::array(std::move(out));
}

std::optional<ScoreRange> parse_score_range(const std::string& min, const std::string& max) {
  const auto low = parse_bound(min);
  const auto high = parse_bound(max);
  if (!low || !high) return std::nullopt;
  return ScoreRange{low->value, high->value, low->exclusive, high->exclusive};
}

// zslParseLexRangeItem: "+" / "-" alone, or "(" / "[" then the member.
std::optional<LexBound> parse_lex_bound(const std::string& text) {
  if (text == "+") return LexBound::plus();
  if (text == "-") return LexBound::minus();
  if (text.empty() || (text[0] != '(' && text[0] != '[')) return std::nullopt;
  return LexBound{LexBound::Kind::member, text.substr(1), text[0] == '('};
}

std::optional<LexRange> parse_lex_range(const std::string& min, const std::string& max) {
  auto low = parse_lex_bound(min);
  auto high = parse_lex_bound(max);
  if (!low || !high) return std::nullopt;
  return LexRange{std::move(*low), std::move(*high)};
}

Reply not_a_score_range() { return Reply::error("ERR min or max is not a float"); }
Reply not_a_lex_range() { return Reply::error("ERR min or max not valid string range item"); }

// ZADD and ZINCRBY: https://redis.io/commands/zadd/
Reply add_generic(Database& db, const Arguments& argv, double now_s, bool incr) {
  AddFlags flags;
  flags.incr = incr;
  bool changed = false;  // CH
  std::size_t first = 2;
  for (; first < argv.size(); ++first) {
    const std::string& option = argv[first];
    if (equals_ignoring_case(option, "nx"))
      flags.nx = true;
    else if (equals_ignoring_case(option, "xx"))
      flags.xx = true;
    else if (equals_ignoring_case(option, "ch"))
      changed = true;
    else if (equals_ignoring_case(option, "incr"))
      flags.incr = true;
    else if (equals_ignoring_case(option, "gt"))
      flags.gt = true;
    else if (equals_ignoring_case(option, "lt"))
      flags.lt = true;
    else
      break;
  }
  const std::size_t rest = argv.size() - first;
  if (rest == 0 || rest % 2 != 0) return syntax_error();
  const std::size_t pairs = rest / 2;
  if (flags.nx && flags.xx) {
    return Reply::error("ERR XX and NX options at the same time are not compatible");
  }
  if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt)) {
    return Reply::error("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (flags.incr && pairs > 1) {
    return Reply::error("ERR INCR option supports a single increment-element pair");
  }
  std::vector<double> scores;  // all parsed before anything changes: all or nothing
  for (std::size_t i = 0; i < pairs; ++i) {
    const auto score = parse_score(argv[first + 2 * i]);
    if (!score) return not_a_float();
    scores.push_back(*score);
  }
  const std::string& key = argv[1];
  Lookup found = find_set(db, key, now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) {
    if (flags.xx) return flags.incr ? Reply::nil() : Reply::number(0);
    found.set = &std::get<SortedSet>(db.keyspace().put(key, db.new_sorted_set(), now_s));
  }
  SortedSet& set = *found.set;
  std::int64_t added = 0, updated = 0, processed = 0;
  double last_score = 0;
  for (std::size_t i = 0; i < pairs; ++i) {
    const AddResult result = set.add(argv[first + 2 * i + 1], scores[i], flags);
    if (result.outcome == AddOutcome::not_a_number) {
      finish_write(db, key, set, now_s);
      return Reply::error("ERR resulting score is not a number (NaN)");
    }
    added += result.outcome == AddOutcome::added;
    updated += result.outcome == AddOutcome::updated;
    processed += result.outcome != AddOutcome::skipped;
    last_score = result.score;
  }
  finish_write(db, key, set, now_s);
  if (flags.incr) return processed ? Reply::bulk_double(last_score) : Reply::nil();
  return Reply::number(changed ? added + updated : added);
}

enum class RangeKind { unset, rank, score, lex };
enum class Direction { unset, forward, reverse };

// ZRANGE and its older forms: https://redis.io/commands/zrange/ . A command fixes what it
// implies (ZREVRANGEBYSCORE: score, reverse); only ZRANGE takes BYSCORE / BYLEX / REV.
Reply range_generic(Database& db, const Arguments& argv, double now_s, RangeKind kind,
                    Direction direction) {
  bool with_scores = false;
  std::int64_t offset = 0, limit = -1;
  for (std::size_t j = 4; j < argv.size(); ++j) {
    const std::size_t left = argv.size() - j - 1;
    const std::string& option = argv[j];
    if (equals_ignoring_case(option, "withscores")) {
      with_scores = true;
    } else if (equals_ignoring_case(option, "limit") && left >= 2) {
      const auto o = parse_integer(argv[j + 1]);
      if (!o) return not_an_integer();
      const auto l = parse_integer(argv[j + 2]);
      if (!l) return not_an_integer();
      offset = *o;
      limit = *l;
      j += 2;
    } else if (direction == Direction::unset && equals_ignoring_case(option, "rev")) {
      direction = Direction::reverse;
    } else if (kind == RangeKind::unset && equals_ignoring_case(option, "bylex")) {
      kind = RangeKind::lex;
    } else if (kind == RangeKind::unset && equals_ignoring_case(option, "byscore")) {
      kind = RangeKind::score;
    } else {
      return syntax_error();
    }
  }
  if (direction == Direction::unset) direction = Direction::forward;
  if (kind == RangeKind::unset) kind = RangeKind::rank;
  // Redis tests "limit given" as limit != -1, so LIMIT 0 -1 passes with a rank range.
  if (limit != -1 && kind == RangeKind::rank) {
    return Reply::error(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (with_scores && kind == RangeKind::lex) {
    return Reply::error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  const bool reverse = direction == Direction::reverse;
  const Order order = reverse ? Order::descending : Order::ascending;
  // Reverse score and lex ranges are written max first.
  const std::string& min_arg = argv[reverse && kind != RangeKind::rank ? 3 : 2];
  const std::string& max_arg = argv[reverse && kind != RangeKind::rank ? 2 : 3];
  std::optional<std::int64_t> start, stop;
  std::optional<ScoreRange> scores;
  std::optional<LexRange> members;
  if (kind == RangeKind::rank) {
    start = parse_integer(min_arg);
    if (!start) return not_an_integer();
    stop = parse_integer(max_arg);
    if (!stop) return not_an_integer();
  } else if (kind == RangeKind::score) {
    scores = parse_score_range(min_arg, max_arg);
    if (!scores) return not_a_score_range();
  } else {
    members = parse_lex_range(min_arg, max_arg);
    if (!members) return not_a_lex_range();
  }
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::array({});
  SortedSet& set = *found.set;
  std::vector<ScoredMember> items;
  if (kind == RangeKind::rank)
    items = set.range_by_rank(*start, *stop, order);
  else if (kind == RangeKind::score)
    items = set.range_by_score(*scores, order, offset, limit);
  else
    items = set.range_by_lex(*members, order, offset, limit);
  db.charge(set);
  return scored_members(items, with_scores);
}

Reply rank_generic(Database& db, const Arguments& argv, double now_s, Order order) {
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::nil();
  const auto rank = found.set->rank(argv[2], order);
  db.charge(*found.set);
  return rank ? Reply::number(static_cast<std::int64_t>(*rank)) : Reply::nil();
}

}  // namespace

Reply zadd(Database& db, const Arguments& argv, double now_s) {
  return add_generic(db, argv, now_s, false);
}

// https://redis.io/commands/zincrby/ : ZADD's code path with INCR, so even its option
// parsing applies (ZINCRBY key nx member is a syntax error).
Reply zincrby(Database& db, const Arguments& argv, double now_s) {
  return add_generic(db, argv, now_s, true);
}

// https://redis.io/commands/zrem/
Reply zrem(Database& db, const Arguments& argv, double now_s) {
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::number(0);
  std::int64_t removed = 0;
  for (std::size_t i = 2; i < argv.size() && !found.set->empty(); ++i) {
    removed += found.set->remove(argv[i]);
  }
  finish_write(db, argv[1], *found.set, now_s);
  return Reply::number(removed);
}

// https://redis.io/commands/zcard/
Reply zcard(Database& db, const Arguments& argv, double now_s) {
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  return Reply::number(found.set ? static_cast<std::int64_t>(found.set->size()) : 0);
}

// https://redis.io/commands/zscore/
Reply zscore(Database& db, const Arguments& argv, double now_s) {
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::nil();
  const auto score = found.set->score(argv[2]);
  db.charge(*found.set);
  return score ? Reply::bulk_double(*score) : Reply::nil();
}

// https://redis.io/commands/zmscore/ : a missing key answers like an empty set.
Reply zmscore(Database& db, const Arguments& argv, double now_s) {
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  std::vector<Reply> out;
  for (std::size_t i = 2; i < argv.size(); ++i) {
    const auto score = found.set ? found.set->score(argv[i]) : std::nullopt;
    out.push_back(score ? Reply::bulk_double(*score) : Reply::nil());
  }
  if (found.set) db.charge(*found.set);
  return Reply::array(std::move(out));
}

// https://redis.io/commands/zrank/ and /zrevrank/ : 0-based; nil for a missing member or key.
Reply zrank(Database& db, const Arguments& argv, double now_s) {
  return rank_generic(db, argv, now_s, Order::ascending);
}
Reply zrevrank(Database& db, const Arguments& argv, double now_s) {
  return rank_generic(db, argv, now_s, Order::descending);
}

Reply zrange(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::unset, Direction::unset);
}
Reply zrevrange(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::rank, Direction::reverse);
}
Reply zrangebyscore(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::score, Direction::forward);
}
Reply zrevrangebyscore(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::score, Direction::reverse);
}
Reply zrangebylex(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::lex, Direction::forward);
}
Reply zrevrangebylex(Database& db, const Arguments& argv, double now_s) {
  return range_generic(db, argv, now_s, RangeKind::lex, Direction::reverse);
}

// https://redis.io/commands/zcount/
Reply zcount(Database& db, const Arguments& argv, double now_s) {
  const auto range = parse_score_range(argv[2], argv[3]);
  if (!range) return not_a_score_range();
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::number(0);
  const std::uint64_t count = found.set->count(*range);
  db.charge(*found.set);
  return Reply::number(static_cast<std::int64_t>(count));
}

// https://redis.io/commands/zlexcount/
Reply zlexcount(Database& db, const Arguments& argv, double now_s) {
  const auto range = parse_lex_range(argv[2], argv[3]);
  if (!range) return not_a_lex_range();
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::number(0);
  const std::uint64_t count = found.set->count_lex(*range);
  db.charge(*found.set);
  return Reply::number(static_cast<std::int64_t>(count));
}

// https://redis.io/commands/zremrangebyscore/
Reply zremrangebyscore(Database& db, const Arguments& argv, double now_s) {
  const auto range = parse_score_range(argv[2], argv[3]);
  if (!range) return not_a_score_range();
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::number(0);
  const std::uint64_t removed = found.set->remove_range_by_score(*range);
  finish_write(db, argv[1], *found.set, now_s);
  return Reply::number(static_cast<std::int64_t>(removed));
}

// https://redis.io/commands/zremrangebylex/
Reply zremrangebylex(Database& db, const Arguments& argv, double now_s) {
  const auto range = parse_lex_range(argv[2], argv[3]);
  if (!range) return not_a_lex_range();
  const Lookup found = find_set(db, argv[1], now_s);
  if (found.wrong_type) return wrong_type();
  if (found.set == nullptr) return Reply::number(0);
  const std::uint64_t removed = found.set->remove_range_by_lex(*range);
  finish_write(db, argv[1], *found.set, now_s);
  return Reply::number(static_cast<std::int64_t>(removed));
}

}  // namespace sdsim::storage::redis::commands
