// The board in Redis sorted sets: one key per month (none), N keys by hash of the player
// (hash), or N keys by score range (fixed), placed on the Redis Cluster nodes by key slot.
// Every write's acknowledgement goes to the oracle; every read part is checked in its window.
#include <fmt/format.h>

#include <algorithm>

#include "models/leaderboard/score_table.hpp"
#include "models/leaderboard/sharding.hpp"
#include "models/leaderboard/store.hpp"
#include "sim/services/redis/redis_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::leaderboard {
namespace {

double now() { return sg4::Engine::get_clock(); }

std::vector<Endpoint<redis_service::RedisProtocol>> endpoints(const Experiment& x) {
  std::vector<Endpoint<redis_service::RedisProtocol>> e;
  for (const auto& s : x.redis) e.push_back(s->endpoint());
  if (x.replica) e.push_back(x.replica->endpoint());
  return e;
}

class RedisStore : public Store {
 public:
  RedisStore(Net& net, Experiment& x, const std::string& name)
      : x_(x), rpc_(net, name), client_(rpc_, endpoints(x), CallOptions{x.cfg.store_timeout, 0}) {
    if (x.replica) client_.with_failover();
    if (x.cfg.durable)
      db_ = std::make_unique<sql_service::SqlClient>(rpc_, x.sql->endpoint(),
                                                     CallOptions{x.cfg.store_timeout, 0});
  }

  StoreAnswer win(const std::string& member, const std::string& month, double at) override {
    StoreAnswer a;
    if (db_) {  // durable: the source of truth first; the board is its fast copy
      if (!db_->connected() && !db_->connect().ok) return a;
      a.credited = add_win(*db_, month, member, a.commands).committed;
      if (!a.credited) return a;
    }
    const int k = shard_of(member, month);
    auto r = x_.cfg.ties == "first" ? win_first(a, key(month, k), member, at)
                                    : client_.zincrby(key(month, k), 1, member);
    ++a.commands;
    if (!r.ok()) {
      // durable: the win is safe in the table; the board misses it until a rebuild.
      a.ok = a.credited;
      x_.counts.board_missed += a.credited;
      return a;
    }
    ack({month, k}, member, r.value);
    a.ok = true;
    a.credited = true;
    a.score = r.value;
    if (x_.cfg.sharding != "fixed") return a;
    const int target = fixed_shard(r.value, x_.cfg.fixed_range, x_.shards());
    if (target == k) return a;
    // The score crossed its range: move the player (two commands, not atomic across nodes).
    a.commands += 2;
    auto rem = client_.command({"ZREM", key(month, k), member});
    if (!rem.ok()) return a.ok = false, a;
    ack({month, k}, member, std::nullopt);
    auto add = client_.command({"ZADD", key(month, target), fmt::format("{}", r.value), member});
    if (!add.ok()) return a.ok = false, a;
    ack({month, target}, member, r.value);
    x_.shard_of[month + "/" + member] = target;
    ++x_.counts.cross_shard_moves;
    return a;
  }

  StoreAnswer top10(const std::string& month) override {
    StoreAnswer a;
    a.ok = a.correct = true;
    if (x_.cfg.sharding == "hash") {
      std::vector<std::vector<ScoredMember>> parts;
      for (int k = 0; k < x_.shards(); ++k) parts.push_back(part(a, month, k, 0, 9));
      a.entries = merge_top_k(parts, 10);
      return a;
    }
    // none (one shard) or fixed: from the highest shard down until 10 are found.
    for (int k = x_.shards() - 1; k >= 0 && a.entries.size() < 10 && a.ok; --k) {
      auto p = part(a, month, k, 0, 9 - static_cast<std::int64_t>(a.entries.size()));
      a.entries.insert(a.entries.end(), p.begin(), p.end());
    }
    return a;
  }

  StoreAnswer rank(const std::string& member, const std::string& month) override {
    if (x_.cfg.sharding == "hash") return rank_hash(member, month);
    StoreAnswer a;
    const int k = shard_of(member, month);
    const BoardId own{month, k};
    double since = now();
    auto r = client_.zrevrank(key(month, k), member);
    ++a.commands;
    if (!r.ok()) return a;
    a.ok = true;
    a.correct = check(own, since, [&](const Standings& s) { return s.rank(member) == r.value; });
    if (!r.value) return a;
    // fixed: the sizes of the shards above (ZCARD) turn the local rank into the global one.
    std::vector<std::int64_t> sizes(x_.shards(), -1);
    for (int j = k + 1; j < x_.shards() && a.ok; ++j) {
      since = now();
      auto c = client_.command({"ZCARD", key(month, j)});
      ++a.commands;
      a.ok = c.ok();
      sizes[j] = c.value.integer;
      a.correct &= a.ok && check({month, j}, since, [&](const Standings& s) {
                     return static_cast<std::int64_t>(s.size()) == sizes[j];
                   });
    }
    if (!a.ok) return a;
    a.rank = fixed_global_rank(*r.value, k, sizes);
    // The neighbours' global ranks, read shard by shard from the top.
    const std::int64_t from = neighbours_from(*a.rank), to = neighbours_to(*a.rank);
    std::int64_t start = 0;
    for (int j = x_.shards() - 1; j >= 0 && start <= to && a.ok; --j) {
      if (j > k && start + sizes[j] <= from) {
        start += sizes[j];
        continue;
      }
      const std::int64_t lf = std::max<std::int64_t>(0, from - start), lt = to - start;
      auto p = part(a, month, j, lf, lt);
      a.entries.insert(a.entries.end(), p.begin(), p.end());
      if (j > k) {
        start += sizes[j];
      } else if (static_cast<std::int64_t>(p.size()) < lt - lf + 1) {
        start += lf + static_cast<std::int64_t>(p.size());
      } else {
        break;
      }
    }
    return a;
  }

  StoreAnswer archive(const std::string& month) override {
    StoreAnswer a;
    a.ok = a.correct = true;
    std::vector<std::vector<ScoredMember>> parts;
    std::size_t n = 0;
    for (int k = 0; k < x_.shards(); ++k) {
      parts.push_back(part(a, month, k, 0, -1));
      n += parts.back().size();
    }
    a.entries = merge_top_k(parts, n);
    return a;
  }

 private:
  std::string key(const std::string& month, int k) const {
    return board_key(month, k, x_.shards());
  }

  // ties: first: the score reached is encoded with its time, so ZINCRBY cannot add to it:
  // ZSCORE, then ZADD of the next encoded score (the service's per-player lock keeps the two
  // from racing another win of the player). Counted as two commands with the caller's one.
  redis_service::Answer<double> win_first(StoreAnswer& a, const std::string& key,
                                          const std::string& member, double at) {
    redis_service::Answer<double> out;
    auto sc = client_.command({"ZSCORE", key, member});
    ++a.commands;
    out.status = sc.status;
    out.error = sc.error;
    if (!sc.ok()) return out;
    const bool present = sc.value.kind == storage::redis::Reply::Kind::bulk;
    const double wins = present ? decode_wins(std::strtod(sc.value.text.c_str(), nullptr), true) : 0;
    out.value = encode_first(wins + 1, at);
    auto add = client_.command({"ZADD", key, fmt::format("{}", out.value), member});
    out.status = add.status;
    out.error = add.error;
    return out;
  }

  int shard_of(const std::string& member, const std::string& month) const {
    if (x_.cfg.sharding == "hash") return hash_shard(member, x_.shards());
    if (x_.cfg.sharding != "fixed") return 0;
    auto it = x_.shard_of.find(month + "/" + member);
    return it == x_.shard_of.end() ? 0 : it->second;
  }

  void ack(const BoardId& b, const std::string& member, std::optional<double> score) {
    x_.sync_failover();
    x_.oracle.apply(now(), b, member, score);
  }
  bool check(const BoardId& b, double since, const std::function<bool(const Standings&)>& matches) {
    x_.sync_failover();
    return x_.oracle.holds(b, since, matches);
  }

  // ZREVRANGE start stop of shard k, checked in its window.
  std::vector<ScoredMember> part(StoreAnswer& a, const std::string& month, int k,
                                 std::int64_t start, std::int64_t stop) {
    const double since = now();
    auto r = client_.zrevrange(key(month, k), start, stop);
    ++a.commands;
    if (!r.ok()) {
      a.ok = a.correct = false;
      return {};
    }
    a.correct &= check({month, k}, since, [&](const Standings& s) {
      const std::int64_t last = stop < 0 ? static_cast<std::int64_t>(s.size()) + stop : stop;
      return s.range(start, last) == r.value;
    });
    return r.value;
  }

  // hash: the player's score from its shard; on every shard, the members above it (ZCOUNT)
  // and the window around it, whose merge gives the global rank and neighbours.
  StoreAnswer rank_hash(const std::string& member, const std::string& month) {
    StoreAnswer a;
    const int own = hash_shard(member, x_.shards());
    double since = now();
    auto sc = client_.command({"ZSCORE", key(month, own), member});
    ++a.commands;
    if (!sc.ok()) return a;
    a.ok = true;
    const bool present = sc.value.kind == storage::redis::Reply::Kind::bulk;
    const double score = present ? std::strtod(sc.value.text.c_str(), nullptr) : 0;
    a.correct = check({month, own}, since, [&](const Standings& s) {
      auto v = s.score(member);
      return v.has_value() == present && (!present || *v == score);
    });
    if (!present) return a;
    const std::string s = fmt::format("{}", score);
    std::int64_t rank = 0;
    std::vector<ScoredMember> candidates;
    for (int k = 0; k < x_.shards() && a.ok; ++k) {
      const BoardId b{month, k};
      since = now();
      auto gt = client_.command({"ZCOUNT", key(month, k), "(" + s, "+inf"});
      auto ge = client_.command({"ZCOUNT", key(month, k), s, "+inf"});
      a.commands += 2;
      if (!gt.ok() || !ge.ok()) return a.ok = a.correct = false, a;
      const std::int64_t n_gt = gt.value.integer, n_ge = ge.value.integer;
      a.correct &= check(b, since, [&](const Standings& st) {
        return st.count_from(score, false) == n_gt && st.count_from(score, true) == n_ge;
      });
      auto w = part(a, month, k, std::max<std::int64_t>(0, n_gt - 4), n_ge + 3);
      rank += n_gt + std::count_if(w.begin(), w.end(), [&](const ScoredMember& m) {
                return m.score == score && m.member > member;
              });
      candidates.insert(candidates.end(), w.begin(), w.end());
    }
    a.rank = rank;
    a.entries = neighbour_window(candidates, {member, score});
    return a;
  }

  Experiment& x_;
  Rpc rpc_;
  redis_service::RedisClient client_;
  std::unique_ptr<sql_service::SqlClient> db_;  // durable: the score table
};

}  // namespace

std::unique_ptr<Store> make_redis_store(Net& net, Experiment& x, const std::string& name) {
  return std::make_unique<RedisStore>(net, x, name);
}

}  // namespace sdsim::leaderboard
