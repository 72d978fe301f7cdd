#include "models/nearby_friends/services/ws_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <simgrid/s4u.hpp>

#include "models/nearby_friends/pubsub_ring.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/connection/server_connections.hpp"
#include "sim/services/kv/kv_client.hpp"
#include "sim/services/redis/protocol.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::nearby_friends {

namespace {

using connection::ConnectionId;
using redis_service::Command;
using redis_service::RedisProtocol;

constexpr double kClosingGrace = 5.0;  // s a closed connection's late updates are still served

double now() { return sg4::Engine::get_clock(); }

struct Session {
  ConnectionId conn = 0;
  std::uint32_t user = 0;
  LatLon pos;
  bool closing = false;
  double closed_at = 0;
  double started = 0;
  std::map<std::uint32_t, int> channel_server;  // friend -> pub/sub server subscribed at
  std::vector<ConnectionId> redis_conn;         // per pub/sub server (0: none)
  std::vector<std::uint64_t> opening;           // per server: the handshake in flight (0: none)
};

struct PendingOpen {
  ConnectionId session = 0;
  int server = 0;
  std::vector<std::string> channels;
};

// One life of one WebSocket server: what every actor on its host shares.
struct WsState {
  WsState(RunContext& ctx, Experiment& e, int index, std::uint64_t life)
      : ctx(ctx), e(e), index(index), life(life),
        conns(ctx.net(), connection::ConnectionConfig{25, 20}, life),
        receivers(e.pubsub.size(), nullptr) {}
  RunContext& ctx;
  Experiment& e;
  int index;
  std::uint64_t life;
  connection::ServerConnections conns;
  std::map<ConnectionId, Session> sessions;
  PubSubRing ring;
  std::vector<const Address*> receivers;  // per pub/sub server: its receiver's inbox
  std::map<std::uint64_t, PendingOpen> pending;                  // handshake id -> what for
  std::vector<std::map<ConnectionId, ConnectionId>> subscriber;  // per server: redis conn -> session
  std::unique_ptr<WorkerPool<ConnectionId>> workers;

  Net& net() { return ctx.net(); }
  const Endpoint<RedisProtocol>& pubsub(int j) const { return e.pubsub[j]->endpoint(); }

  void send_on(int j, ConnectionId redis_conn, std::vector<std::string> argv) {
    net().send(pubsub(j), Command{std::move(argv), redis_conn},
               SendOptions{receivers[j], net().here()});
  }

  // Subscribes the session to `friends`' channels on server j (opening its connection there
  // first when it has none).
  void subscribe(Session& s, int j, const std::vector<std::uint32_t>& friends) {
    if (friends.empty()) return;
    std::vector<std::string> channels;
    for (std::uint32_t f : friends) {
      s.channel_server[f] = j;
      channels.push_back(channel_of(f));
    }
    e.subscriptions += channels.size();
    if (s.redis_conn[j] != 0) {
      channels.insert(channels.begin(), "SUBSCRIBE");
      return send_on(j, s.redis_conn[j], std::move(channels));
    }
    if (s.opening[j] != 0) {
      auto& p = pending[s.opening[j]].channels;
      p.insert(p.end(), channels.begin(), channels.end());
      return;
    }
    const std::uint64_t id = net().send(pubsub(j), connection::OpenConnection{},
                                        SendOptions{receivers[j], net().here()});
    s.opening[j] = id;
    pending[id] = PendingOpen{s.conn, j, std::move(channels)};
  }

  void unsubscribe(Session& s, int j, const std::vector<std::uint32_t>& friends) {
    if (s.redis_conn[j] == 0 || friends.empty()) return;
    std::vector<std::string> argv{"UNSUBSCRIBE"};
    for (std::uint32_t f : friends) argv.push_back(channel_of(f));
    send_on(j, s.redis_conn[j], std::move(argv));
  }

  // The session ends: its subscriber connections are closed (the pub/sub servers drop their
  // subscriptions at once).
  void end_session(ConnectionId c) {
    auto it = sessions.find(c);
    if (it == sessions.end()) return;
    Session& s = it->second;
    for (std::size_t j = 0; j < s.redis_conn.size(); ++j)
      if (s.redis_conn[j] != 0) {
        net().send(pubsub(int(j)), connection::CloseConnection{s.redis_conn[j], 1000});
        subscriber[j].erase(s.redis_conn[j]);
      }
    sessions.erase(it);
  }

  void expire_idle() {
    for (ConnectionId c : conns.expire(now())) end_session(c);
    for (auto it = sessions.begin(); it != sessions.end();) {
      const ConnectionId c = it->first;
      const bool done = it->second.closing && now() - it->second.closed_at > kClosingGrace;
      ++it;
      if (done) end_session(c);
    }
  }

  void apply_ring(PubSubRing next) {
    if (!ring.empty())
      for (auto& [c, s] : sessions) {
        if (s.closing) continue;
        std::map<int, std::vector<std::uint32_t>> to, from;
        for (auto& [f, j] : s.channel_server) {
          const int k = next.server_of(channel_of(f));
          if (k == j) continue;
          to[k].push_back(f);
          from[j].push_back(f);
        }
        for (auto& [j, fs] : from) unsubscribe(s, j, fs);
        for (auto& [k, fs] : to) {
          subscribe(s, k, fs);
          e.resubscriptions += fs.size();
        }
      }
    ring = std::move(next);
  }
};

// Receives what pub/sub server j sends this WebSocket server: handshake answers, pushes,
// closes; pings every subscriber connection every pubsub.subscriber_ping.
void receive_from_pubsub(std::shared_ptr<WsState> st, int j) {
  Inbox inbox(st->net(), fmt::format("ws-{}-from-pubsub-{}", st->index, j));
  st->receivers[j] = &inbox.address();
  const double ping_every = st->e.cfg.pubsub.subscriber_ping;
  double next_ping = now() + ping_every;
  auto& mine = st->subscriber[j];
  while (true) {
    auto m = inbox.wait_until(next_ping);
    if (!m) {
      for (const auto& [rc, c] : mine)
        st->net().send(st->pubsub(j), connection::Heartbeat{rc},
                       SendOptions{&inbox.address(), st->net().here()});
      next_ping = now() + ping_every;
      continue;
    }
    if (auto* opened = dynamic_cast<Letter<connection::ConnectionOpened>*>(m.get())) {
      auto p = st->pending.find(m->id);
      if (p == st->pending.end()) continue;
      PendingOpen po = std::move(p->second);
      st->pending.erase(p);
      const ConnectionId rc = opened->body.connection;
      auto s = st->sessions.find(po.session);
      if (s == st->sessions.end() || s->second.closing) {
        st->net().send(st->pubsub(j), connection::CloseConnection{rc, 1000});
        continue;
      }
      s->second.opening[j] = 0;
      s->second.redis_conn[j] = rc;
      mine[rc] = po.session;
      po.channels.insert(po.channels.begin(), "SUBSCRIBE");
      st->send_on(j, rc, std::move(po.channels));
    } else if (auto* d = dynamic_cast<Letter<connection::DataFrame>*>(m.get())) {
      auto c = mine.find(d->body.connection);
      if (c == mine.end()) continue;
      auto s = st->sessions.find(c->second);
      st->e.charge_ws(st->index);
      const auto l = decode(d->body.payload);
      if (s == st->sessions.end() || !l) continue;
      st->e.ledger->pushed(s->second.user, *l, now());
      if (s->second.closing || !nearby(s->second.pos, l->pos, st->e.cfg.radius)) continue;
      st->conns.push(s->second.conn, connection::DataFrame{0, d->body.topic, d->body.payload, now()});
    } else if (auto* cl = dynamic_cast<Letter<connection::CloseFrame>*>(m.get())) {
      auto c = mine.find(cl->body.connection);
      if (c == mine.end()) continue;
      auto s = st->sessions.find(c->second);
      mine.erase(c);
      if (s == st->sessions.end() || s->second.redis_conn[j] != cl->body.connection) continue;
      s->second.redis_conn[j] = 0;  // its subscriptions are gone
      if (cl->body.code != connection::kAbnormalClosure) continue;
      // A reset: the server restarted and knows nothing of this session. Subscribe again.
      ++st->e.subscriber_resets;
      if (!st->e.cfg.pubsub.resubscribe || s->second.closing) continue;
      std::vector<std::uint32_t> again;
      for (const auto& [f, k] : s->second.channel_server)
        if (k == j) again.push_back(f);
      st->subscribe(s->second, j, again);
      st->e.resubscriptions += again.size();
    } else if (m->status != Status::Ok) {
      // A refused handshake (the server is shut down): the session retries at the next ring change.
      auto p = st->pending.find(m->id);
      if (p == st->pending.end()) continue;
      auto s = st->sessions.find(p->second.session);
      if (s != st->sessions.end()) s->second.opening[j] = 0;
      st->pending.erase(p);
    }
    // subscription replies and pongs: nothing to do
  }
}

// The discovery entry's watch: the ring at start, then every change.
void watch_ring(std::shared_ptr<WsState> st) {
  Rpc rpc(st->net(), fmt::format("ws-{}-discovery", st->index));
  coord::CoordClient client(rpc, st->e.coord->endpoints(),
                            1000 + std::uint64_t(st->index) * 1000 + st->life);
  const int vnodes = st->e.cfg.pubsub.vnodes;
  std::int64_t revision = 0;
  while (st->ring.empty()) {
    auto r = client.get(kRingKey);
    if (r && !r->kvs.empty()) {
      st->apply_ring(PubSubRing::parse(r->kvs.front().value, vnodes));
      revision = r->kvs.front().mod_revision;
    } else {
      sg4::this_actor::sleep_for(0.2);
    }
  }
  while (true) {
    auto events = client.watch(kRingKey, revision, 5.0);
    if (!events) continue;
    for (const coord::Event& ev : *events) {
      revision = std::max(revision, ev.kv.mod_revision);
      if (ev.type == coord::Event::Type::put && ev.kv.key == kRingKey)
        st->apply_ring(PubSubRing::parse(ev.kv.value, vnodes));
    }
  }
}

// Connection start (the book's initialisation): friend list, subscriptions, friends' last
// positions from the cache.
void initialise(WsState& st, Rpc& rpc, kv_service::KvClient& friends, ConnectionId c) {
  Experiment& e = st.e;
  while (st.ring.empty()) sg4::this_actor::sleep_for(0.01);
  auto it = st.sessions.find(c);
  if (it == st.sessions.end()) return;
  const std::uint32_t user = it->second.user;
  const double started = it->second.started;
  auto got = friends.get("friends:" + std::to_string(user), kv_service::Consistency::one);
  std::vector<std::uint32_t> list;
  if (got.ok() && got.version.value) list = decode_friends(got.version.value->data());
  if (!got.ok()) ++e.init_failures;
  it = st.sessions.find(c);
  if (it == st.sessions.end() || it->second.closing) return;
  std::map<int, std::vector<std::uint32_t>> by_server;
  for (std::uint32_t f : list) by_server[st.ring.server_of(channel_of(f))].push_back(f);
  for (auto& [j, fs] : by_server) st.subscribe(it->second, j, fs);

  // Every friend's cached position: one MGET (https://redis.io/docs/latest/commands/mget/,
  // nil for a friend with no live key), or one GET per friend sent at once.
  std::vector<Rpc::Call<RedisProtocol, Command>> reads;
  if (e.cfg.cache_read == "mget" && !list.empty()) {
    Command mget{{"MGET"}, 0};
    for (std::uint32_t f : list) mget.argv.push_back("loc:" + std::to_string(f));
    reads.push_back({&e.cache->endpoint(), std::move(mget)});
  } else {
    for (std::uint32_t f : list)
      reads.push_back({&e.cache->endpoint(), Command{{"GET", "loc:" + std::to_string(f)}, 0}});
  }
  e.cache_gets += list.size();
  auto answers = rpc.gather(reads, int(reads.size()), 1.0);
  it = st.sessions.find(c);
  if (it == st.sessions.end() || it->second.closing) return;
  SessionRecord rec;
  rec.user = user;
  rec.server = st.index;
  rec.start = started;
  rec.friends = list.size();
  rec.subscribed = list.size();
  std::vector<const storage::redis::Reply*> values;  // one per friend answered
  for (const auto& a : answers) {
    if (!a.ok() || a.value().replies.empty()) continue;
    const auto& reply = a.value().replies.front();
    if (reply.is_error()) continue;
    if (reads.size() == 1 && reads.front().request.argv.front() == "MGET")
      for (const auto& x : reply.elements) values.push_back(&x);
    else
      values.push_back(&reply);
  }
  for (const storage::redis::Reply* v : values) {
    const auto& reply = *v;
    if (reply.text.empty()) continue;  // nil: no live position (silent past the TTL)
    const auto l = decode(reply.text);
    if (!l || !nearby(it->second.pos, l->pos, e.cfg.radius)) continue;
    if (now() - l->sent_at > e.cfg.inactivity_timeout) ++e.init_shown_inactive;  // TTL failed
    st.conns.push(c, connection::DataFrame{0, "init:" + std::to_string(l->user), reply.text, now()});
    ++rec.shown_at_start;
  }
  rec.init_s = now() - started;
  if (rec.shown_at_start > 0) rec.first_friend_s = rec.init_s;
  e.cache_requests += reads.size();  // of the connection starts recorded
  e.sessions.push_back(rec);
}

class WsServer : public ServiceHandler<WsProtocol> {
 public:
  WsServer(RunContext& ctx, Experiment& e, int index, std::shared_ptr<std::uint64_t> lives)
      : ctx_(ctx), e_(e), index_(index), lives_(std::move(lives)) {}

  void start(Inbox&) override {
    st_ = std::make_shared<WsState>(ctx_, e_, index_, ++*lives_);
    st_->subscriber.resize(e_.pubsub.size());
    for (std::size_t j = 0; j < e_.pubsub.size(); ++j)
      spawn_local(fmt::format("ws-{}/pubsub-{}", index_, j),
                  [st = st_, j] { receive_from_pubsub(st, int(j)); });
    spawn_local(fmt::format("ws-{}/discovery", index_), [st = st_] { watch_ring(st); });
    auto st = st_;
    // Each worker makes its Rpc (an inbox belongs to the actor that opened it) at its first job.
    struct Worker {
      std::unique_ptr<Rpc> rpc;
      std::unique_ptr<kv_service::KvClient> friends;
    };
    auto workers = std::make_shared<std::vector<Worker>>(std::size_t(e_.cfg.ws_workers));
    Experiment* e = &e_;
    const int index = index_;
    st_->workers = std::make_unique<WorkerPool<ConnectionId>>(
        fmt::format("ws-{}/init", index_), e_.cfg.ws_workers,
        [st, workers, e, index](int w, ConnectionId& c) {
          Worker& k = (*workers)[std::size_t(w)];
          if (!k.rpc) {
            k.rpc = std::make_unique<Rpc>(st->net(), fmt::format("ws-{}-init-{}", index, w));
            k.friends = std::make_unique<kv_service::KvClient>(*k.rpc, *e->friends_store,
                                                               kv_service::KvClientOptions{}, w);
          }
          initialise(*st, *k.rpc, *k.friends, c);
        });
    const DrainConfig& d = e_.cfg.drain;
    if (d.server == index_ && sg4::Engine::get_clock() < d.at)
      spawn_local(fmt::format("ws-{}/drain", index_), [st] { drain(st); });
  }

  void handle(std::unique_ptr<Letter<WsProtocol>> r) override {
    WsState& st = *st_;
    st.expire_idle();
    std::visit(overloaded{[&](const connection::OpenConnection&) { st.conns.open(*r, now()); },
                          [&](const connection::Heartbeat& h) {
                            if (st.conns.touch(h.connection, *r, now()))
                              ctx_.net().reply(*r, connection::HeartbeatAck{h.connection});
                          },
                          [&](const connection::CloseConnection& c) {
                            st.conns.forget(c.connection);
                            st.end_session(c.connection);
                          },
                          [&](const LocationUpdate& u) { update(*r, u); }},
               r->body);
  }

 private:
  void update(const Envelope& r, const LocationUpdate& u) {
    WsState& st = *st_;
    auto it = st.sessions.find(u.connection);
    if (it == st.sessions.end()) {
      if (!st.conns.touch(u.connection, r, now())) return;  // unknown: answered with a 1006 close
      Session s;
      s.conn = u.connection;
      s.user = u.user;
      s.started = now();
      s.pos = {u.lat, u.lon};
      s.redis_conn.assign(e_.pubsub.size(), 0);
      s.opening.assign(e_.pubsub.size(), 0);
      it = st.sessions.emplace(u.connection, std::move(s)).first;
      st.workers->submit(u.connection);
    } else if (!it->second.closing) {
      st.conns.touch(u.connection, r, now());
    }
    Session& s = it->second;
    e_.charge_ws(index_);
    const Location l{u.user, u.seq, {u.lat, u.lon}, u.sent_at};
    s.pos = l.pos;
    e_.ledger->processed(l, now());
    const std::string text = encode(l);
    Net& net = ctx_.net();
    const auto ttl_ms = static_cast<long long>(std::llround(e_.cfg.inactivity_timeout * 1000));
    net.send(e_.cache->endpoint(),
             Command{{"SET", "loc:" + std::to_string(u.user), text, "PX", std::to_string(ttl_ms)}, 0});
    const auto& h = *e_.history[u.user % e_.history.size()];
    net.send(h.endpoint(), lsm_service::Put{fmt::format("history:{}:{}", u.user, u.seq),
                                            lsm_service::Value::bytes(text),
                                            static_cast<std::int64_t>(std::llround(now() * 1e6))});
    if (st.ring.empty()) {
      ++e_.publishes_without_ring;
    } else {
      const std::string channel = channel_of(u.user);
      net.send(st.pubsub(st.ring.server_of(channel)), Command{{"PUBLISH", channel, text}, 0});
    }
    net.reply(r, LocationAck{});
  }

  // Tells the clients to go, one at a time over the drain period.
  static void drain(std::shared_ptr<WsState> st) {
    Experiment& e = st->e;
    const DrainConfig& d = e.cfg.drain;
    sg4::this_actor::sleep_until(d.at);
    e.ws_accepting[std::size_t(st->index)] = false;
    std::vector<ConnectionId> open;
    for (const auto& [c, s] : st->sessions)
      if (!s.closing) open.push_back(c);
    st->ctx.event("ws_drain", fmt::format("ws-{}", st->index),
                  fmt::format("{} connections asked to reconnect (1001) over {} s", open.size(),
                              d.period));
    const double spacing = open.empty() ? 0 : d.period / double(open.size());
    for (std::size_t k = 0; k < open.size(); ++k) {
      sg4::this_actor::sleep_until(d.at + double(k) * spacing);
      close(*st, open[k]);
    }
    sg4::this_actor::sleep_until(d.at + d.period);
    // Whatever connected while the load balancer was learning of the drain goes too.
    std::vector<ConnectionId> late;
    for (const auto& [c, s] : st->sessions)
      if (!s.closing) late.push_back(c);
    for (ConnectionId c : late) close(*st, c);
    st->ctx.event("ws_drained", fmt::format("ws-{}", st->index), "no connection left");
  }
  static void close(WsState& st, ConnectionId c) {
    st.conns.close(c, connection::kGoingAway, "server draining");
    auto it = st.sessions.find(c);
    if (it == st.sessions.end()) return;
    it->second.closing = true;
    it->second.closed_at = now();
  }

  RunContext& ctx_;
  Experiment& e_;
  int index_;
  std::shared_ptr<std::uint64_t> lives_;
  std::shared_ptr<WsState> st_;
};

}  // namespace

void start_ws_server(RunContext& ctx, Experiment& e, int index) {
  auto lives = std::make_shared<std::uint64_t>(0);
  spawn_service<WsProtocol>(ctx.net(), e.ws[std::size_t(index)], [&ctx, &e, index, lives] {
    return std::make_unique<WsServer>(ctx, e, index, lives);
  });
}

}  // namespace sdsim::nearby_friends
