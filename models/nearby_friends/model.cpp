// The nearby friends model's registration: the friend graph, the services on the platform,
// the operator, the clients.
#include "models/nearby_friends/model.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/nearby_friends/pubsub_ring.hpp"
#include "models/nearby_friends/services/client.hpp"
#include "models/nearby_friends/services/operator.hpp"
#include "models/nearby_friends/services/ws_server.hpp"
#include "sim/model/run_context.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sdsim::nearby_friends {

namespace {
constexpr double kSampleEvery = 10.0;  // s between pub/sub memory samples

FriendGraph make_graph(const ParamValues& p, const Config& c, std::uint64_t seed,
                       Diagnostics& diags) {
  const auto users = std::size_t(c.users);
  const auto cap = std::size_t(c.friends.cap);
  if (c.friends.source == "csv") {
    if (c.friends.file == "none") {
      diags.error(p.where("friends.file"), "params.friends.file", "source csv needs a file (a,b)");
      return FriendGraph(users);
    }
    return load_edges_csv(scenario_relative(c.friends.file, p.where("friends.file")), users, cap, diags);
  }
  RandomStream rng(seed, "nearby/friends");
  if (c.friends.distribution == "heavy_tailed")
    return generate_heavy_tailed(users, c.friends.average, c.friends.tail_exponent, cap, rng);
  return generate_uniform(users, c.friends.average, cap, rng);
}
}  // namespace

int Experiment::pick_ws() {
  for (std::size_t k = 0; k < ws.size(); ++k) {
    const std::size_t i = lb_next++ % ws.size();
    if (ws_accepting[i] && ws_suspect_until[i] <= simgrid::s4u::Engine::get_clock()) return int(i);
  }
  return int(lb_next++ % ws.size());
}

void Experiment::charge_ws(int server) {
  if (cfg.ws_cpu_per_message <= 0) return;
  services::cpu(cfg.ws_cpu_per_message);
  const double t = simgrid::s4u::Engine::get_clock();
  if (t >= measured_from && t < measured_to) ws_busy[std::size_t(server)] += cfg.ws_cpu_per_message;
}

void Experiment::handshake_failed(int server) {
  ws_suspect_until[std::size_t(server)] = simgrid::s4u::Engine::get_clock() + 10.0;
}

std::string NearbyFriendsModel::summary() const {
  return "nearby friends: WebSocket servers, a location cache and a sharded Redis pub/sub ring; "
         "fan-out, pub/sub CPU, drain vs crash, ring growth vs replacement";
}

std::string NearbyFriendsModel::description() const {
  return R"(Users (params.users) have friends (a generated graph, uniform or heavy-tailed, capped at
friends.cap, or friends.file, a CSV edge list a,b). A fraction active_fraction of them are
online for the whole run, each a client (role 'client') holding one connection to a WebSocket
server (role 'ws', the load balancer's round robin over the servers taking connections). Every
update_interval a client moves (a random walk at speed in a square of region.side_km) and sends
its location. Its WebSocket server writes it to the location cache (role 'cache', Redis, TTL
inactivity_timeout), appends it to the location history (role 'history', LSM nodes), and
publishes it on the user's channel "user:<id>" to the pub/sub server (role 'pubsub': Redis,
at most once) that the ring names. The ring (pubsub.servers slots on a consistent-hash ring of
pubsub.vnodes virtual nodes each) is an etcd-like key (role 'coord', 3 nodes) that every
WebSocket server reads and watches. For each session the server subscribes to every friend's
channel on the friend's pub/sub server; a message from a channel is forwarded to the client
only when the friend is within radius (haversine). A connection's first update starts its
initialisation: the friend list from the friends service (role 'friends', the KV store), the
subscriptions, every friend's last position from the cache (forwarded when nearby): one MGET
of all the friends' keys (cache_read: mget; nil for a friend with no live position) or one
GET per friend (cache_read: gets).

Churn (churn.session_mean > 0): each online user's connection lasts an exponential time, then
its client closes it (1000) and the user is offline for an exponential churn.offline_mean
before connecting again (a new session). Inactivity: a client keeps a nearby list of friends
with their newest position's time and drops a friend whose newest position is
inactivity_timeout old (nobody tells it a friend left); the cache's TTL, the same timeout,
keeps such a friend off a new connection's first screen.

The operator (role 'operator') writes the ring, PINGs its servers and replaces a dead one by a
spare (pubsub.spares), grows the ring at pubsub.grow_at, replaces a live slot at
pubsub.replace_at. A pub/sub server that restarts on its host comes back empty (Redis keeps no
subscription across a restart): each WebSocket server pings its subscriber connections every
pubsub.subscriber_ping, the new life answers a connection of its previous life with a reset
(1006), and the session (pubsub.resubscribe) opens a new connection and SUBSCRIBEs again to
every friend's channel on that server; what was published meanwhile is lost (at most once).
A WebSocket server restarted on its host answers its old clients' frames with 1006: they
reconnect and their new sessions subscribe to every friend. ws_drain.server is drained at ws_drain.at: no new connections, its clients told
to reconnect (1001) evenly over ws_drain.period. A pub/sub delivery costs its server
1 / pubsub.pushes_per_s of CPU (plus Redis's per-command cost), so a server saturates there.

The ledger counts, for every update sent in [warmup, load end - 1 s): pushes expected (every
online friend) and delivered at the friend's WebSocket server (at most once), forwards
expected (online friends within radius) and shown on the friend's screen, and the staleness of
positions shown of friends staying nearby.

Outputs: sessions.csv, one row per connection initialised: user, server (ws index), start (s),
init_s (s, first update to the end of the initialisation), first_friend_s (s, to the first
friend position shown; empty if none nearby), friends, subscribed (channels), shown_at_start
(friends nearby from the cache), reconnect (1 if not the user's first connection).
reconnects.csv: time (s), user, code (close code of the previous connection: 1001 drain,
1006 crash), from, to (ws indexes), gap_s (s without a connection). pubsub.csv, one row per
pub/sub server: server, in_ring_at_end (0/1), deliveries (pushes in the measured window),
pushes_per_s (1/s), busy_s (s of CPU in the window), cpu_utilisation (fraction),
memory_peak_bytes (B: subscriptions x pointer_bytes + channels x (name + pointer_bytes)),
memory_fraction (of pubsub.memory). ws.csv, one row per WebSocket server: server, busy_s (s of
one core charged in the window: ws_cpu_per_message per update handled and per pub/sub message
received), cpu_cores (busy_s / window length). ring_changes.csv: time (s), kind (grow, replace,
replace_dead), before, after (the ring entries), moved_fraction (of all users' channels),
pushes_lost (in the 5 s after the change). forwards.csv (write_forwards): time (s, shown),
receiver, sender (user ids), seq (the sender's update number), latency_s (s, sent -> shown).
churn.csv, one row per connection opened or user leaving: time (s), user, event (online,
offline). drops.csv, one row per friend dropped from a nearby list: time (s), user, friend
(user ids), last_heard (s, the send time of the friend's newest position the client had),
silent_s (s, time - last_heard). unseen.csv, one row per gap in what reached a user of one online friend (a push owed and lost,
then the next delivered): receiver, sender (user ids), from (s, the first lost update's send
time), to (s, the next push's arrival; empty if still unseen at the window's end), gap_s (s,
to or the window's end, minus from). events.csv: ws_drain, ws_drained, ring_written,
ring_change, pubsub_dead, and the framework's faults.)";
}

std::vector<RoleRequest> NearbyFriendsModel::roles(const ParamValues& p,
                                                   const WorkloadSpec& load) const {
  const Config c = nearby_friends::params().read(p);
  return {{"ws", c.ws_servers},
          {"pubsub", c.pubsub.servers + c.pubsub.spares},
          {"cache", 1},
          {"friends", std::max(1, c.friends_store.replication_factor)},
          {"history", c.history_nodes},
          {"coord", 3},
          {"operator", 1},
          {"client", load.clients}};
}

std::string NearbyFriendsModel::default_platform(const ParamValues& p,
                                                 const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 1);
}

void NearbyFriendsModel::check(const ParamValues& p, const WorkloadSpec& load,
                               Diagnostics& diags) const {
  const Config c = nearby_friends::params().read(p);
  if (load.duration <= 0)
    diags.error(p.where("users"), "workload.duration",
                "nearby_friends needs workload.duration (clients stay connected until it ends)");
  if (c.drain.server >= c.ws_servers)
    diags.error(p.where("ws_drain.server"), "params.ws_drain.server",
                fmt::format("there are {} WebSocket servers (ws-0..ws-{})", c.ws_servers,
                            c.ws_servers - 1));
  if (c.pubsub.grow_at > 0 && c.pubsub.grow_to > c.pubsub.servers + c.pubsub.spares)
    diags.error(p.where("pubsub.grow_to"), "params.pubsub.grow_to",
                fmt::format("growing to {} needs {} spares, there are {}", c.pubsub.grow_to,
                            c.pubsub.grow_to - c.pubsub.servers, c.pubsub.spares));
  if (c.pubsub.replace_at > 0 && c.pubsub.replace_slot >= c.pubsub.servers)
    diags.error(p.where("pubsub.replace_slot"), "params.pubsub.replace_slot",
                fmt::format("the ring has slots 0..{}", c.pubsub.servers - 1));
  if (c.friends.source == "csv") make_graph(p, c, 0, diags);
  coord_service::check_coord(c.coord, p, "coord", diags);
}

void NearbyFriendsModel::setup(RunContext& ctx) {
  e_ = std::make_shared<Experiment>();
  Experiment& e = *e_;
  e.cfg = nearby_friends::params().read(ctx.params());
  Diagnostics diags;
  e.graph = make_graph(ctx.params(), e.cfg, ctx.seed(), diags);
  if (!diags.ok()) throw InputError(diags);
  e.region = Region{{e.cfg.region.lat, e.cfg.region.lon}, e.cfg.region.side_km * 1000};
  e.truth.resize(e.graph.users());
  RandomStream place(ctx.seed(), "nearby/placement");
  for (auto& t : e.truth) t.pos = e.region.uniform(place);
  // The online users: a seeded choice of active_fraction of them (at least one).
  std::vector<std::uint32_t> all(e.graph.users());
  for (std::size_t u = 0; u < all.size(); ++u) all[u] = std::uint32_t(u);
  for (std::size_t k = all.size(); k > 1; --k) std::swap(all[k - 1], all[place.below(k)]);
  const auto n = std::max<std::size_t>(
      1, std::size_t(std::llround(e.cfg.active_fraction * double(all.size()))));
  e.active.assign(all.begin(), all.begin() + long(n));
  std::sort(e.active.begin(), e.active.end());

  e.ledger = std::make_unique<Ledger>(e.graph, e.truth, e.cfg.radius);
  const double end = ctx.timeline().load_end();
  e.measured_from = ctx.workload().warmup;
  e.measured_to = std::max(e.measured_from, end - 1.0);
  e.ledger->set_window(e.measured_from, e.measured_to);
  e.ledger->keep_shown = e.cfg.write_forwards;

  e.cache = std::make_unique<redis_service::RedisServer>(
      ctx, "location-cache", ctx.hosts_with_role("cache").front(), e.cfg.cache);
  e.cache->start();
  // The pub/sub servers: the cache's settings, a delivery costing 1/pushes_per_s, and
  // subscriber connections dropped after 300 s of silence (redis.conf tcp-keepalive 300).
  redis_service::RedisConfig bus = e.cfg.cache;
  bus.costs.cpu_per_delivery = 1.0 / e.cfg.pubsub.pushes_per_s;
  bus.connections = connection::ConnectionConfig{280, 20};
  const auto& pubsub_hosts = ctx.hosts_with_role("pubsub");
  for (std::size_t j = 0; j < pubsub_hosts.size(); ++j) {
    e.pubsub.push_back(std::make_unique<redis_service::RedisServer>(
        ctx, fmt::format("pubsub-redis-{}", j), pubsub_hosts[j], bus));
    e.pubsub.back()->start();
  }
  e.friends_store = std::make_unique<kv_service::KvStore>(ctx, e.cfg.friends_store, "friends-kv");
  e.friends_store->start(ctx.hosts_with_role("friends"));
  const auto& history_hosts = ctx.hosts_with_role("history");
  for (std::size_t k = 0; k < history_hosts.size(); ++k) {
    e.history.push_back(std::make_unique<lsm_service::LsmNode>(
        ctx, fmt::format("history-{}", k), history_hosts[k], e.cfg.history));
    e.history.back()->start();
  }
  e.coord = std::make_unique<coord::CoordCluster>(ctx.net(), "discovery",
                                                  ctx.hosts_with_role("coord"), e.cfg.coord);
  e.coord->start();
  const auto& ws_hosts = ctx.hosts_with_role("ws");
  e.ws_accepting.assign(ws_hosts.size(), true);
  e.ws_suspect_until.assign(ws_hosts.size(), 0.0);
  e.ws_busy.assign(ws_hosts.size(), 0.0);
  for (std::size_t i = 0; i < ws_hosts.size(); ++i)
    e.ws.push_back(ctx.net().register_service<WsProtocol>(fmt::format("ws-server-{}", i), ws_hosts[i]));
  for (std::size_t i = 0; i < ws_hosts.size(); ++i) start_ws_server(ctx, e, int(i));
  start_operator(ctx, e_);
  start_clients(ctx, e_);

  // Pub/sub CPU and deliveries at the window's ends; memory sampled through the run.
  auto snapshot = [x = e_](std::vector<double>& busy, std::vector<double>& deliveries) {
    busy.clear();
    deliveries.clear();
    for (const auto& s : x->pubsub) {
      busy.push_back(s->stats().busy_s);
      deliveries.push_back(double(s->stats().deliveries));
    }
  };
  ctx.timeline().at(e.measured_from, "pubsub-window-start", [x = e_, snapshot] {
    snapshot(x->busy_at_warmup, x->deliveries_at_warmup);
  });
  ctx.timeline().at(e.measured_to, "pubsub-window-end", [x = e_, snapshot] {
    snapshot(x->busy_at_end, x->deliveries_at_end);
    x->ledger->close_window();
  });
  e.memory_peak.assign(e.pubsub.size(), 0);
  ctx.timeline().spawn_nature("pubsub-memory", [x = e_, end] {
    while (simgrid::s4u::Engine::get_clock() + kSampleEvery < end) {
      simgrid::s4u::this_actor::sleep_for(kSampleEvery);
      for (std::size_t j = 0; j < x->pubsub.size(); ++j) {
        auto* db = x->pubsub[j]->database();
        if (db == nullptr) continue;
        double bytes = 0;
        for (std::uint32_t u = 0; u < x->graph.users(); ++u) {
          const std::string c = channel_of(u);
          const auto subs = db->pubsub().channel_subscribers(c);
          if (subs == 0) continue;
          bytes += double(subs) * x->cfg.pubsub.pointer_bytes + double(c.size()) +
                   x->cfg.pubsub.pointer_bytes;
        }
        x->memory_peak[j] = std::max(x->memory_peak[j], bytes);
      }
    }
  });
  ctx.timeline().drain_until([end] { return simgrid::s4u::Engine::get_clock() >= end + 2.0; });
}

const ModelRegistration registration{[] { return std::make_unique<NearbyFriendsModel>(); }};

}  // namespace sdsim::nearby_friends
