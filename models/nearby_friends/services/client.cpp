#include "models/nearby_friends/services/client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/services/connection/client_connection.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::nearby_friends {

namespace {

double now() { return sg4::Engine::get_clock(); }

void run_client(Net& net, std::shared_ptr<Experiment> ep, std::uint32_t user, double end,
                std::uint64_t seed) {
  Experiment& e = *ep;
  RandomStream rng(seed, fmt::format("nearby/client/{}", user));
  RandomStream churn(seed, fmt::format("nearby/churn/{}", user));  // its own: the walk unchanged
  const ChurnConfig& ch = e.cfg.churn;
  // The screen's nearby list: friend -> its newest position's send time (s). A friend silent
  // for inactivity_timeout is dropped (the book: considered inactive).
  std::map<std::uint32_t, double> heard;
  auto expiry = [&] {
    double t = std::numeric_limits<double>::infinity();
    for (const auto& [f, at] : heard) t = std::min(t, at + e.cfg.inactivity_timeout);
    return t;
  };
  auto drop_inactive = [&] {
    for (auto it = heard.begin(); it != heard.end();) {
      if (now() < it->second + e.cfg.inactivity_timeout) {
        ++it;
        continue;
      }
      e.drops.push_back(Drop{now(), user, it->first, it->second});
      it = heard.erase(it);
    }
  };
  double leave_at = std::numeric_limits<double>::infinity();
  while (e.startup_done < 0) sg4::this_actor::sleep_for(0.1);
  sg4::this_actor::sleep_for(rng.uniform(0, e.cfg.update_interval));
  connection::ClientConnection<WsProtocol> conn(net, fmt::format("user-{}", user),
                                                connection::ConnectionConfig{25, 20});
  LatLon pos = e.truth[user].pos;
  std::uint64_t seq = 0;
  bool connected_once = false;
  int server = -1, previous = -1;
  double closed_at = 0;
  int last_code = 0;
  double next_update = now();
  const double step = e.cfg.speed * e.cfg.update_interval;
  auto send_update = [&] {
    const Location l{user, ++seq, pos, now()};
    e.ledger->sent(l);
    conn.request(LocationUpdate{conn.id(), user, l.seq, pos.lat, pos.lon, l.sent_at}, 1.0);
  };
  while (now() < end) {
    if (!conn.is_open()) {
      // The close as the connection saw it: by an event, or inside a request (a restarted
      // server answering an update on a connection of its previous life with a 1006).
      if (connected_once) last_code = conn.close_code(), closed_at = conn.closed_at();
      const int pick = e.pick_ws();
      if (conn.open(e.ws[std::size_t(pick)], 1.0) != Status::Ok) {
        e.handshake_failed(pick);
        sg4::this_actor::sleep_for(0.5);
        continue;
      }
      previous = server;
      server = pick;
      if (connected_once)
        e.reconnects.push_back(
            Reconnect{now(), user, last_code, previous, server, now() - closed_at});
      connected_once = true;
      e.truth[user].online = true;
      e.presence.push_back(Presence{now(), user, true});
      if (ch.session_mean > 0) leave_at = now() + churn.exponential(ch.session_mean);
      if (now() >= next_update) next_update = now() + e.cfg.update_interval;
      send_update();  // the server learns who this is, and starts the connection's set-up
      continue;
    }
    if (now() >= leave_at) {  // churn: the user goes offline, its screen with it
      conn.close();
      e.truth[user].online = false;
      e.ledger->left(user);
      e.presence.push_back(Presence{now(), user, false});
      heard.clear();
      leave_at = std::numeric_limits<double>::infinity();
      const double back = now() + churn.exponential(ch.offline_mean);
      if (back >= end) break;  // away until the load ends
      sg4::this_actor::sleep_until(back);
      next_update = now();
      continue;
    }
    auto ev = conn.next(std::min({next_update, end, leave_at, expiry()}));
    using Kind = connection::ClientConnection<WsProtocol>::Event::Kind;
    drop_inactive();
    if (ev.kind == Kind::data) {
      if (auto l = decode(ev.data.payload)) {
        e.ledger->shown(user, *l, now(), ev.data.topic.rfind("user:", 0) == 0);
        double& at = heard[l->user];  // the position's own time: a cached one may be old
        at = std::max(at, l->sent_at);
      }
    } else if (ev.kind == Kind::closed) {
      closed_at = conn.closed_at();
      last_code = conn.close_code();
      sg4::this_actor::sleep_for(rng.uniform(0, e.cfg.reconnect_jitter));
    } else if (now() >= next_update && now() < end) {
      pos = e.region.walk(pos, step, rng);
      send_update();
      next_update += e.cfg.update_interval;
    }
  }
  conn.close();
  e.truth[user].online = false;
}

}  // namespace

void start_clients(RunContext& ctx, std::shared_ptr<Experiment> e) {
  const auto& hosts = ctx.hosts_with_role("client");
  const double end = ctx.timeline().load_end();
  for (std::size_t k = 0; k < e->active.size(); ++k) {
    const std::uint32_t user = e->active[k];
    Net* net = &ctx.net();
    auto a = sg4::Actor::create(fmt::format("client-{}", user), ctx.host(hosts[k % hosts.size()]),
                                [net, e, user, end, seed = ctx.seed()] {
                                  run_client(*net, e, user, end, seed);
                                });
    a->daemonize();
    ctx.timeline().add_load(a);
  }
}

}  // namespace sdsim::nearby_friends
