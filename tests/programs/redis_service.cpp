// The Redis-like server on a small platform, against naive references:
//   - leaderboards: ZINCRBY replies, ZREVRANK and ZREVRANGE WITHSCORES equal a std::map of
//     scores sorted by (score, member) descending (https://redis.io/commands/zrevrange/:
//     "descending lexicographical order is used for elements with equal score");
//   - strings with TTLs: GET equals a dict with expiry times on simulated time
//     (https://redis.io/commands/set/ PX);
//   - maxmemory: noeviction refuses exactly the writes issued while memory is above the
//     limit with Redis's OOM error, reads still work; allkeys-lru never refuses, keeps a key
//     read before every write and evicts the old ones (https://redis.io/docs/reference/eviction/);
//   - a crash loses everything (no persistence): every key gone, counted, new writes work;
//   - pub/sub at most once (https://redis.io/docs/interact/pubsub/): every message reaches
//     exactly the subscribers PUBLISH counted; a crashed subscriber is dropped after the idle
//     timeout; a server crash is noticed by heartbeats (close code 1006) within
//     ping_interval + ping_timeout, the messages published until a subscriber is back are
//     missed; an orderly shutdown closes connections with 1001 (RFC 6455 section 7.4.1);
//   - fan-out saturates the one command thread: publish throughput with 1 and with 100
//     subscribers matches the cost model's prediction;
//   - Redis Cluster routing: every key lives on the server owning its slot only.
#include <algorithm>
#include <map>
#include <set>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/services/redis/redis_client.hpp"
#include "sim/services/redis/redis_server.hpp"
#include "sim/storage/redis/key_slot.hpp"

using namespace sdsim;
using namespace sdsim::redis_service;
namespace sg4 = simgrid::s4u;

namespace {

double now() { return sg4::Engine::get_clock(); }

const std::string kScaled = "connections: {ping_interval: 2s, ping_timeout: 1s}";
constexpr double kServerCrashAt = 12.0, kServerDown = 2.0;
constexpr double kPubSubCrashAt = 30.0, kPubSubDown = 1.0, kShutdownAt = 40.0;
constexpr double kSubscriberCrashAt = 20.0, kPublishFrom = 17.013;

// ---------------------------------------------------------------- leaderboards
struct Board {
  int mismatches = 0, checks = 0, failed_calls = 0;
};

// The reference order of ZREVRANGE: score descending, then member bytes descending.
std::vector<ScoredMember> reference_order(const std::map<std::string, double>& scores) {
  std::vector<ScoredMember> v;
  for (const auto& [m, s] : scores) v.push_back({m, s});
  std::sort(v.begin(), v.end(), [](const ScoredMember& a, const ScoredMember& b) {
    return a.score != b.score ? a.score > b.score : a.member > b.member;
  });
  return v;
}

void leaderboard(Net& net, const Endpoint<RedisProtocol>& server, const std::string& key, int ops,
                 Board& b) {
  Rpc rpc(net, "board-" + key);
  RedisClient c(rpc, {server});
  RandomStream rng(net.seed(), "board:" + key);
  std::map<std::string, double> ref;
  for (int i = 0; i < ops; ++i) {
    const std::string member = "player" + std::to_string(rng.below(50));
    const double inc = static_cast<double>(1 + rng.below(5));
    auto r = c.zincrby(key, inc, member);
    if (!r.ok()) {
      ++b.failed_calls;
      continue;
    }
    ref[member] += inc;
    ++b.checks;
    b.mismatches += r.value != ref[member];
    if (i % 50 != 49) continue;
    const auto order = reference_order(ref);
    const std::string probe = order[rng.below(order.size())].member;
    auto rank = c.zrevrank(key, probe);
    std::int64_t expected = 0;
    while (order[expected].member != probe) ++expected;
    ++b.checks;
    b.mismatches += !rank.ok() || rank.value != expected;
    auto top = c.zrevrange(key, 0, 9);
    ++b.checks;
    const std::vector<ScoredMember> want(order.begin(),
                                         order.begin() + std::min<std::size_t>(10, order.size()));
    b.mismatches += !top.ok() || top.value != want;
  }
}

// ---------------------------------------------------------------- strings with TTLs
struct Ttl {
  int checked = 0, mismatches = 0, present = 0, expired = 0;
};

void ttl_driver(Net& net, const Endpoint<RedisProtocol>& server, Ttl& t) {
  Rpc rpc(net, "ttl");
  RedisClient c(rpc, {server});
  RandomStream rng(net.seed(), "ttl");
  std::map<std::string, double> expires;  // key -> absolute expiry (s) at the server
  for (int i = 0; i < 200; ++i) {
    const std::string key = "session:" + std::to_string(i);
    const double ttl = std::round(rng.uniform(0.5, 3.0) * 1000) / 1000;
    const double sent = now();
    if (c.set(key, "v" + std::to_string(i), ttl).ok()) expires[key] = sent + ttl;
    sg4::this_actor::sleep_for(0.01);
  }
  for (int i = 0; i < 600; ++i) {
    const std::string key = "session:" + std::to_string(rng.below(200));
    const double sent = now();
    auto r = c.get(key);
    // The server reads its clock within a millisecond of `sent`: skip reads too close to call.
    if (!r.ok() || std::abs(sent - expires[key]) < 0.005) continue;
    const bool want = sent < expires[key];
    ++t.checked;
    t.present += want;
    t.expired += !want;
    t.mismatches += r.value.has_value() != want;
    sg4::this_actor::sleep_for(0.01);
  }
}

// ---------------------------------------------------------------- the crash
struct Crash {
  std::size_t keys_before = 0;
  std::uint64_t lost_counted = 0;
  int refused_while_down = 0, survived = 0, writes_after = 0;
  Board after;
};

void crash_driver(Net& net, RedisServer& server, Crash& k) {
  Rpc rpc(net, "crash");
  RedisClient c(rpc, {server.endpoint()}, CallOptions{0.2, 0});
  for (int i = 0; i < 100; ++i) c.set("durable?" + std::to_string(i), "x");
  sg4::this_actor::sleep_until(kServerCrashAt - 0.1);
  server.database()->keyspace().exists("", now());  // removes what expired
  k.keys_before = server.database()->keyspace().size();
  sg4::this_actor::sleep_until(kServerCrashAt + 0.5);
  for (int i = 0; i < 5; ++i) k.refused_while_down += !c.set("while-down", "x").ok();
  sg4::this_actor::sleep_until(kServerCrashAt + kServerDown + 0.5);
  k.lost_counted = server.stats().keys_lost;
  for (int i = 0; i < 100; ++i)
    k.survived += c.get("durable?" + std::to_string(i)).value.has_value();
  for (int b = 0; b < 3; ++b) {
    auto card = c.command({"ZCARD", "lb:" + std::to_string(b)});
    k.survived += card.ok() ? static_cast<int>(card.value.integer) : 1;
  }
  for (int i = 0; i < 20; ++i) k.writes_after += c.set("after:" + std::to_string(i), "y").ok();
  leaderboard(net, server.endpoint(), "lb:after", 300, k.after);
}

// ---------------------------------------------------------------- maxmemory
struct Memory {
  int mismatches = 0, refused = 0, reads_ok = 0;
  bool hot_kept = false;
  int old_survivors = 0, recent_survivors = 0;
};

void noeviction_driver(Net& net, const Endpoint<RedisProtocol>& server, double maxmemory,
                       Memory& m) {
  Rpc rpc(net, "noeviction");
  RedisClient c(rpc, {server});
  double used = 0;  // the reference: memory.hpp's formula, a key 56 B + key + value
  for (int i = 0; i < 200; ++i) {
    const std::string key = "k:" + std::to_string(i), value(1000, 'a');
    const bool expect_refused = used > maxmemory;
    auto r = c.set(key, value);
    const bool refused = r.error == "OOM command not allowed when used memory > 'maxmemory'.";
    m.mismatches += refused != expect_refused || (!refused && !r.ok());
    m.refused += refused;
    if (!refused) used += 56 + static_cast<double>(key.size() + value.size());
  }
  m.reads_ok += c.get("k:0").value == std::string(1000, 'a');
  m.reads_ok += c.command({"DEL", "k:1"}).value.integer == 1;  // deletes still work
}

void lru_driver(Net& net, const Endpoint<RedisProtocol>& server, Memory& m) {
  Rpc rpc(net, "lru");
  RedisClient c(rpc, {server});
  c.set("hot", "h");
  for (int i = 0; i < 200; ++i) {
    sg4::this_actor::sleep_for(0.002);  // idle times in ms of simulated time
    m.hot_kept = c.get("hot").value.has_value();
    auto r = c.set("k:" + std::to_string(i), std::string(1000, 'b'));
    m.refused += !r.ok();
  }
  m.hot_kept = c.get("hot").value == std::string("h");
  for (int i = 0; i < 50; ++i) m.old_survivors += c.get("k:" + std::to_string(i)).value.has_value();
  for (int i = 180; i < 200; ++i)
    m.recent_survivors += c.get("k:" + std::to_string(i)).value.has_value();
}

// ---------------------------------------------------------------- pub/sub
struct Published {
  double at = 0;
  int receivers = -1;  // PUBLISH's reply; -1 when the call failed
};
struct Subscriber {
  std::vector<std::pair<int, double>> received;  // (sequence, arrival time)
  std::vector<int> close_codes;
  std::vector<double> closed_at;
  int reconnects = 0;
};

void publisher(Net& net, const Endpoint<RedisProtocol>& server, std::vector<Published>& out) {
  Rpc rpc(net, "publisher");
  RedisClient c(rpc, {server}, CallOptions{0.02, 0});
  for (int k = 0;; ++k) {
    const double t = kPublishFrom + 0.05 * k;
    if (t > kShutdownAt - 0.5) break;
    sg4::this_actor::sleep_until(t);
    const double sent = now();
    auto r = c.publish("news", std::to_string(k));
    out.push_back({sent, r.ok() ? static_cast<int>(r.value) : -1});
  }
}

void subscriber(Net& net, const Endpoint<RedisProtocol>& server,
                const connection::ConnectionConfig& cc, int i, Subscriber& s) {
  RedisSubscriber sub(net, "sub" + std::to_string(i), server, cc);
  const double end = kShutdownAt + 1.5;
  sg4::this_actor::sleep_until(15.0 + 0.37 * i);  // heartbeats out of phase
  while (now() < end) {
    if (sub.connect(0.2) != Status::Ok || !sub.subscribe({"news"}, 0.2)) {
      sg4::this_actor::sleep_for(0.25);
      continue;
    }
    ++s.reconnects;
    while (true) {
      auto e = sub.next(end);
      if (e.kind == RedisSubscriber::Event::Kind::data) {
        s.received.push_back({std::stoi(e.data.payload), now()});
      } else if (e.kind == RedisSubscriber::Event::Kind::closed) {
        s.close_codes.push_back(sub.connection().close_code());
        s.closed_at.push_back(sub.connection().closed_at());
        break;
      } else {
        sub.close();
        return;
      }
    }
  }
}

// ---------------------------------------------------------------- fan-out
struct Fanout {
  double rate = 0, predicted = 0, busy = 0;
};

void fanout_phase(Net& net, RedisServer& server, int subscribers, double from, double to,
                  Fanout& f) {
  for (int i = 0; i < subscribers; ++i) {
    const std::string name = "fan" + std::to_string(subscribers) + "-" + std::to_string(i);
    spawn_local(name, [&net, &server, name, to] {
      RedisSubscriber sub(net, name, server.endpoint(), server.config().connections);
      if (sub.connect(1.0) != Status::Ok || !sub.subscribe({"fan"}, 1.0)) return;
      while (sub.next(to + 0.5).kind == RedisSubscriber::Event::Kind::data) {
      }
      sub.close();
    });
  }
  sg4::this_actor::sleep_until(from);
  const double busy0 = server.stats().busy_s;
  const std::uint64_t pub0 = server.stats().publishes;
  std::vector<sg4::ActorPtr> publishers;
  for (int p = 0; p < 64; ++p)  // enough in flight to keep the one thread busy
    publishers.push_back(sg4::Actor::create(
        "fanpub" + std::to_string(subscribers) + "-" + std::to_string(p),
        sg4::this_actor::get_host(), [&net, &server, p, subscribers, to] {
          Rpc rpc(net, "fanpub" + std::to_string(subscribers) + "-" + std::to_string(p));
          RedisClient c(rpc, {server.endpoint()});
          while (now() < to) c.publish("fan", "0123456789");
        }));
  for (auto& a : publishers) a->join();
  const std::uint64_t published = server.stats().publishes - pub0;
  f.rate = static_cast<double>(published) / (now() - from);
  f.busy = (server.stats().busy_s - busy0) / (now() - from);
  // The cost model's prediction, written out: one command, its bytes, one delivery each.
  const RedisCosts& k = server.config().costs;
  const double bytes = std::string("PUBLISH").size() + 3 + 10 + 16;
  f.predicted =
      1.0 / (k.cpu_per_command + k.cpu_per_kb * bytes / 1000 + subscribers * k.cpu_per_delivery);
}

// ---------------------------------------------------------------- cluster
struct Cluster {
  int misplaced = 0, read_back = 0, tagged_together = 0;
  std::vector<int> per_node;
};

void cluster_driver(Net& net, std::vector<std::unique_ptr<RedisServer>>& nodes, Cluster& cl) {
  Rpc rpc(net, "cluster");
  std::vector<Endpoint<RedisProtocol>> eps;
  for (auto& n : nodes) eps.push_back(n->endpoint());
  RedisClient c(rpc, eps);
  for (int i = 0; i < 300; ++i) c.set("user:" + std::to_string(i), std::to_string(i));
  for (int i = 0; i < 10; ++i) {
    c.set("{cart" + std::to_string(i) + "}:items", "x");
    c.set("{cart" + std::to_string(i) + "}:total", "y");
  }
  cl.per_node.assign(nodes.size(), 0);
  for (int i = 0; i < 300; ++i) {
    const std::string key = "user:" + std::to_string(i);
    const std::size_t owner =
        c.node_for(key);  // the reference below recomputes it from the slot ranges
    const std::uint16_t slot = storage::redis::key_slot(key);
    const auto ranges = slot_ranges(nodes.size());
    std::size_t want = 0;
    while (slot > ranges[want].last) ++want;
    cl.misplaced += owner != want;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      const bool here = nodes[n]->database()->keyspace().exists(key, now());
      cl.misplaced += here != (n == want);
      cl.per_node[n] += here;
    }
    cl.read_back += c.get(key).value == std::to_string(i);
  }
  for (int i = 0; i < 10; ++i) {
    const std::string a = "{cart" + std::to_string(i) + "}:items",
                      b = "{cart" + std::to_string(i) + "}:total";
    cl.tagged_together += c.node_for(a) == c.node_for(b) &&
                          nodes[c.node_for(a)]->database()->keyspace().exists(b, now());
  }
}

}  // namespace

int main() {
  harness_b::Sim sim("redis_service", harness_b::one_rack(12), {{"redis", 7}, {"client", 5}});
  const auto& rh = sim.hosts("redis");
  const auto& ch = sim.hosts("client");
  const double maxmemory = 64 * 1024;
  RedisServer cache(sim.ctx(), "cache", rh[0],
                    harness_b::configure(redis_params(), "{" + kScaled + "}"));
  RedisServer noevict(sim.ctx(), "noevict", rh[1],
                      harness_b::configure(redis_params(), "{maxmemory: 64KiB}"));
  RedisServer lru(
      sim.ctx(), "lru", rh[2],
      harness_b::configure(redis_params(), "{maxmemory: 64KiB, maxmemory_policy: allkeys-lru}"));
  RedisServer fan(sim.ctx(), "fanout", rh[3], harness_b::configure(redis_params()));
  std::vector<std::unique_ptr<RedisServer>> cluster;
  for (int n = 0; n < 3; ++n)
    cluster.push_back(std::make_unique<RedisServer>(
        sim.ctx(), "node-" + std::to_string(n), rh[4 + n], harness_b::configure(redis_params())));
  for (RedisServer* s : {&cache, &noevict, &lru, &fan}) s->start();
  for (auto& n : cluster) n->start();
  sim.crash(rh[0], kServerCrashAt, kServerDown);
  sim.crash(rh[0], kPubSubCrashAt, kPubSubDown);
  sim.crash(ch[2], kSubscriberCrashAt, -1);

  std::vector<Board> boards(3);
  Ttl ttl;
  Crash crash;
  Memory m_noevict, m_lru;
  std::vector<Published> published;
  std::vector<Subscriber> subs(5);
  Fanout fan1, fan100;
  Cluster cl;
  for (int b = 0; b < 3; ++b)
    sim.driver("board" + std::to_string(b), ch[0], [&, b] {
      leaderboard(sim.net(), cache.endpoint(), "lb:" + std::to_string(b), 1500, boards[b]);
    });
  sim.driver("ttl", ch[0], [&] { ttl_driver(sim.net(), cache.endpoint(), ttl); });
  sim.driver("crash", ch[1], [&] { crash_driver(sim.net(), cache, crash); });
  sim.driver("noevict", ch[1],
             [&] { noeviction_driver(sim.net(), noevict.endpoint(), maxmemory, m_noevict); });
  sim.driver("lru", ch[1], [&] { lru_driver(sim.net(), lru.endpoint(), m_lru); });
  sim.driver("publisher", ch[1], [&] { publisher(sim.net(), cache.endpoint(), published); });
  for (int i = 0; i < 5; ++i)
    sim.driver("subscriber" + std::to_string(i), i == 4 ? ch[2] : ch[3], [&, i] {
      subscriber(sim.net(), cache.endpoint(), cache.config().connections, i, subs[i]);
    });
  sim.driver("shutdown", ch[1], [&] {
    Rpc rpc(sim.net(), "shutdown");
    sg4::this_actor::sleep_until(kShutdownAt);
    rpc.call(cache.endpoint(), Shutdown{1.0}, CallOptions{1.0, 0});
  });
  sim.driver("fanout", ch[4], [&] {
    fanout_phase(sim.net(), fan, 1, 1.0, 3.0, fan1);
    fanout_phase(sim.net(), fan, 100, 5.0, 7.0, fan100);
  });
  sim.driver("cluster", ch[4], [&] { cluster_driver(sim.net(), cluster, cl); });
  sim.run();

  // Leaderboards and TTLs against their references.
  for (int b = 0; b < 3; ++b)
    sim.check(
        boards[b].mismatches == 0 && boards[b].checks > 1500 && boards[b].failed_calls == 0,
        fmt::format(
            "leaderboard {}: ZINCRBY/ZREVRANK/ZREVRANGE equal the reference ({} of {} differ)", b,
            boards[b].mismatches, boards[b].checks));
  sim.check(ttl.mismatches == 0 && ttl.present > 50 && ttl.expired > 50,
            fmt::format(
                "TTL: GET equals the dict with expiry times ({} of {} differ; {} live, {} expired)",
                ttl.mismatches, ttl.checked, ttl.present, ttl.expired));
  // The crash loses everything.
  sim.check(
      crash.keys_before == 100 + 3,
      fmt::format("the server held the 100 strings and 3 leaderboards before the crash ({} keys)",
                  crash.keys_before));
  sim.check(cache.stats().restarts == 2 && crash.lost_counted == crash.keys_before,
            fmt::format("the restart counted the keys lost ({} for {} held)", crash.lost_counted,
                        crash.keys_before));
  sim.check(crash.survived == 0, fmt::format("no key survived the crash ({} did)", crash.survived));
  sim.check(crash.refused_while_down == 5, "writes fail while the server is down");
  sim.check(
      crash.writes_after == 20 && crash.after.mismatches == 0 && crash.after.failed_calls == 0,
      fmt::format("after the restart the server serves from empty ({} mismatches)",
                  crash.after.mismatches));
  // maxmemory.
  sim.check(m_noevict.mismatches == 0 && m_noevict.refused > 100 && m_noevict.reads_ok == 2,
            fmt::format("noeviction: exactly the writes above maxmemory refused with the OOM error "
                        "({} refused, {} "
                        "differ), reads and DEL work",
                        m_noevict.refused, m_noevict.mismatches));
  sim.check(noevict.stats().oom_errors == static_cast<std::uint64_t>(m_noevict.refused),
            "the server counts its OOM refusals");
  sim.check(
      m_lru.refused == 0 && m_lru.hot_kept && lru.stats().evicted_keys > 100 &&
          lru.database()->keyspace().used_bytes() <= maxmemory + 1100,
      "allkeys-lru: no write refused, memory held at maxmemory (plus one write), the hot key kept");
  sim.check(
      m_lru.old_survivors <= 5 && m_lru.recent_survivors >= 15,
      fmt::format(
          "allkeys-lru evicts the idle keys: {} of the 50 oldest and {} of the 20 newest remain",
          m_lru.old_survivors, m_lru.recent_survivors));

  // Pub/sub: every message reached exactly the subscribers PUBLISH counted, at most once.
  std::map<int, int> received_by;
  int duplicates = 0, out_of_order = 0;
  for (const Subscriber& s : subs) {
    std::set<int> seen;
    int last = -1;
    for (auto [seq, at] : s.received) {
      duplicates += !seen.insert(seq).second;
      out_of_order += seq < last;
      last = seq;
      ++received_by[seq];
    }
  }
  sim.check(duplicates == 0 && out_of_order == 0,
            "no subscriber got a message twice or out of order");
  int exact = 0, inexact = 0, failed_publishes = 0, missed_in_gap = 0;
  const double sub4_gone = kSubscriberCrashAt + cache.config().connections.server_idle_timeout();
  for (std::size_t k = 0; k < published.size(); ++k) {
    const Published& p = published[k];
    if (p.receivers < 0) {
      ++failed_publishes;
      inexact += received_by[int(k)] != 0;
      continue;
    }
    if (p.at > kSubscriberCrashAt - 0.01 && p.at < sub4_gone + 0.2) continue;  // sub 4 dying
    if (received_by[int(k)] == p.receivers)
      ++exact;
    else
      ++inexact;
    if (p.at > kPubSubCrashAt && p.receivers < 4) missed_in_gap += 4 - p.receivers;
  }
  sim.check(
      inexact == 0 && exact > 300,
      fmt::format("each message reached exactly PUBLISH's count of subscribers ({} exact, {} not)",
                  exact, inexact));
  int before = 0, after_expiry = 0;
  for (const Published& p : published) {
    before += p.at < kSubscriberCrashAt && p.receivers == 5;
    after_expiry += p.at > sub4_gone + 0.2 && p.at < kPubSubCrashAt && p.receivers == 4;
  }
  sim.check(before == int((kSubscriberCrashAt - kPublishFrom) / 0.05) + 1,
            fmt::format("5 subscribers received every message before one crashed ({})", before));
  sim.check(
      after_expiry > 100 && cache.stats().connections_expired == 1,
      fmt::format("the crashed subscriber was dropped after the idle timeout ({} publishes to 4)",
                  after_expiry));
  sim.check(
      failed_publishes >= int(kPubSubDown / 0.05) - 1 && missed_in_gap > 0,
      fmt::format(
          "publishes fail while the server is down ({}), subscribers miss {} deliveries until back",
          failed_publishes, missed_in_gap));
  double worst = 0, sum = 0;
  int detected = 0, going_away = 0;
  const double bound = cache.config().connections.server_idle_timeout();
  for (int i = 0; i < 4; ++i) {
    const Subscriber& s = subs[i];
    for (std::size_t j = 0; j < s.close_codes.size(); ++j) {
      const double at = s.closed_at[j];
      if (at >= kPubSubCrashAt && at < kPubSubCrashAt + bound + 0.1 &&
          s.close_codes[j] == connection::kAbnormalClosure) {
        ++detected;
        worst = std::max(worst, at - kPubSubCrashAt);
        sum += at - kPubSubCrashAt;
      }
      going_away += s.close_codes[j] == connection::kGoingAway && at - kShutdownAt < 0.001;
    }
  }
  sim.check(
      detected == 4 && worst <= bound + 0.01,
      fmt::format("every subscriber noticed the crash with 1006 within {:.1f} s (worst {:.3f} s)",
                  bound, worst));
  sim.check(
      going_away == 4,
      fmt::format("the orderly shutdown closed {} of 4 connections with 1001 at once", going_away));
  // Fan-out.
  sim.check(std::abs(fan1.rate / fan1.predicted - 1) < 0.1 &&
                std::abs(fan100.rate / fan100.predicted - 1) < 0.1 && fan100.busy > 0.95,
            fmt::format("fan-out saturates the command thread: {:.0f} publishes/s with 1 "
                        "subscriber (model {:.0f}), "
                        "{:.0f}/s with 100 (model {:.0f}), busy {:.2f}",
                        fan1.rate, fan1.predicted, fan100.rate, fan100.predicted, fan100.busy));
  sim.check(fan.stats().connections_opened == 101 && fan.stats().connections_closed == 101 &&
                fan.stats().connections_expired == 0,
            fmt::format("subscribers closing with 1000 are forgotten at once ({} of 101 closed)",
                        fan.stats().connections_closed));
  // Cluster.
  sim.check(
      cl.misplaced == 0 && cl.read_back == 300 && cl.tagged_together == 10,
      fmt::format("cluster: every key on its slot's server only ({} misplaced), hash tags together",
                  cl.misplaced));
  sim.check(*std::min_element(cl.per_node.begin(), cl.per_node.end()) >= 70,
            fmt::format("cluster: keys spread {} / {} / {}", cl.per_node[0], cl.per_node[1],
                        cl.per_node[2]));

  sim.note(
      fmt::format("pub/sub: {} publishes, {} deliveries, crash noticed after {:.3f} s on average "
                  "({:.3f} s worst, bound {:.1f} s), {} deliveries missed while reconnecting",
                  cache.stats().publishes, cache.stats().deliveries, sum / std::max(detected, 1),
                  worst, bound, missed_in_gap));
  sim.note(fmt::format(
      "fan-out: {:.0f} publishes/s with 1 subscriber, {:.0f}/s with 100 ({:.0f} deliveries/s)",
      fan1.rate, fan100.rate, fan100.rate * 100));
  sim.note(fmt::format(
      "noeviction refused {} of 200 writes of 1 KB at 64 KiB; allkeys-lru evicted {} keys, "
      "peak {} B",
      m_noevict.refused, lru.stats().evicted_keys, lru.stats().peak_used_bytes));
  return sim.finish();
}
