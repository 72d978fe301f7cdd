// The nearby friends model's metric table and its end-of-run accounting.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "models/nearby_friends/estimate.hpp"
#include "models/nearby_friends/model.hpp"
#include "models/nearby_friends/pubsub_ring.hpp"
#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::nearby_friends {

MetricTable NearbyFriendsModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("location_updates.per_s", "1/s", "updates processed per second in the measured window",
        v(&Results::updates_per_s))
      .add("location_updates.sent", "", "updates clients sent in the window",
           v(&Results::updates_sent))
      .add("location_updates.lost", "",
           "updates sent that no WebSocket server processed (sent into a dead server)",
           v(&Results::updates_lost))
      .add("forwards.per_s", "1/s", "friend positions shown per second (distinct forwards)",
           v(&Results::forwards_per_s))
      .add("forwards.per_update.mean", "", "forwards shown per update processed",
           v(&Results::forwards_per_update))
      .add("forwards.expected_per_update.mean", "",
           "online friends within radius per update (the ledger's expectation)",
           v(&Results::forwards_expected_per_update))
      .add("forwards.delivered_fraction", "", "forwards shown / forwards expected",
           v(&Results::forwards_ratio))
      .add("forwards.lost", "", "forwards expected and never shown",
           v(&Results::forwards_lost))
      .add("pushes.per_update.mean", "",
           "pub/sub messages that reached a friend's WebSocket server per update",
           v(&Results::pushes_per_update))
      .add("online_friends.per_update.mean", "", "online friends of the sender per update",
           v(&Results::online_friends))
      .add("nearby.fraction", "", "forwards expected / pushes expected: online friends nearby",
           v(&Results::nearby_fraction))
      .add("update_to_friend.latency.p50", "s", "client update sent -> shown on a friend's screen",
           v(&Results::latency_p50))
      .add("update_to_friend.latency.p99", "s", "99th percentile of the same",
           v(&Results::latency_p99))
      .add("update_to_friend.latency.max", "s", "the slowest forward shown",
           v(&Results::latency_max))
      .add("pubsub.cpu_utilisation.max", "",
           "busiest pub/sub server's CPU time / window length (pubsub.csv per server)",
           v(&Results::cpu_max))
      .add("pubsub.cpu_utilisation.mean", "", "mean over the servers in the ring at the end",
           v(&Results::cpu_mean))
      .add("pubsub.pushes_per_s.max", "1/s", "busiest server's deliveries per second",
           v(&Results::pushes_per_s_max))
      .add("ws.cpu_cores.max", "",
           "busiest WebSocket server's CPU demand in the window: ws_cpu_per_message x messages "
           "handled / window length, in cores (above its host's cores: saturated; ws.csv)",
           v(&Results::ws_cores_max))
      .add("pubsub.memory_bytes.max", "B",
           "largest peak of one server's subscription memory (subscriptions x pointer_bytes + "
           "channels x (name + pointer_bytes))",
           v(&Results::memory_max))
      .add("pubsub.memory_fraction.max", "", "the same / pubsub.memory",
           v(&Results::memory_fraction_max))
      .add("pubsub.messages_lost", "",
           "pushes expected (an online friend) that never reached the friend's WebSocket server "
           "(published while it was not subscribed)",
           v(&Results::messages_lost))
      .add("pubsub.declared_dead", "", "pub/sub servers the operator declared dead",
           v(&Results::declared_dead))
      .add("pubsub.servers_needed", "",
           "ceil(measured pushes/s over all servers / pubsub.pushes_per_s): the simulation's own "
           "count of servers for CPU",
           v(&Results::sim_servers_needed))
      .add("friends_stale.max", "s",
           "oldest age a shown position of a friend staying nearby reached before a fresher one "
           "was due (the update interval when nothing is lost)",
           v(&Results::stale_max))
      .add("friends_unseen.max", "s",
           "longest time an online friend's updates stopped reaching a user's WebSocket server: "
           "from the first lost push's update to the next push delivered (a gap still open at "
           "the window's end counts to the end; unseen.csv)",
           v(&Results::unseen_max))
      .add("friends_unseen.mean", "s", "mean length of the same gaps", v(&Results::unseen_mean))
      .add("friends_unseen.gaps", "", "(user, friend) gaps: pushes lost then resumed or not",
           v(&Results::unseen_gaps))
      .add("friends_unseen.open", "",
           "gaps still open at the window's end, both users online: a friend never seen again",
           v(&Results::unseen_open))
      .add("pubsub.restarts", "", "pub/sub server restarts (empty, on the same host)",
           v(&Results::pubsub_restarts))
      .add("pubsub.subscriber_resets", "",
           "subscriber connections a restarted pub/sub server answered with a reset (1006)",
           v(&Results::subscriber_resets))
      .add("users.online.mean", "",
           "users online on average over the measured window (churn.csv: connections opened, "
           "users leaving)",
           v(&Results::online_mean))
      .add("churn.departures", "", "users who went offline (churn.session_mean)",
           v(&Results::departures))
      .add("churn.arrivals", "", "connections of users coming back after being offline",
           v(&Results::arrivals))
      .add("connection.inactive_shown_at_start", "",
           "friends' cached positions older than inactivity_timeout shown at a connection's "
           "start (the cache's TTL keeps them out: 0)",
           v(&Results::init_shown_inactive))
      .add("nearby_list.dropped", "",
           "friends dropped from a client's nearby list: no position newer than "
           "inactivity_timeout (drops.csv)",
           v(&Results::dropped))
      .add("nearby_list.silent_at_drop.max", "s",
           "longest a dropped friend had been silent when dropped (the timeout, to the event)",
           v(&Results::silent_at_drop_max))
      .add("nearby_list.silent_at_drop.min", "s", "shortest of the same",
           v(&Results::silent_at_drop_min))
      .add("reconnects", "", "connections opened by clients that had one before",
           v(&Results::reconnects))
      .add("reconnects.peak_per_s", "1/s", "most reconnects in one second",
           v(&Results::reconnect_peak))
      .add("reconnect.gap.max", "s", "longest time a client was without a connection",
           v(&Results::reconnect_gap_max))
      .add("resubscriptions", "",
           "channels subscribed again: on reconnects (every friend) and on ring moves",
           v(&Results::resubscriptions))
      .add("subscriptions", "", "channel subscriptions made", v(&Results::subscriptions))
      .add("channels_moved.fraction", "",
           "fraction of all users' channels whose server changed at the last ring change (0: none)",
           v(&Results::moved_fraction))
      .add("ring_changes", "", "ring changes written", v(&Results::ring_changes))
      .add("ring_change.messages_lost", "", "pushes lost in the 5 s after each ring change, summed",
           v(&Results::ring_change_lost))
      .add("connection.init.mean", "s",
           "first update -> friends loaded, subscribed and their cached positions read",
           v(&Results::init_mean))
      .add("connection.first_friend.mean", "s",
           "first update -> first friend shown (connections with a friend nearby)",
           v(&Results::first_friend_mean))
      .add("connection.init.p99", "s", "99th percentile of the same (sessions.csv init_s)",
           v(&Results::init_p99))
      .add("connection.init.max", "s", "the slowest connection start", v(&Results::init_max))
      .add("connection.cache_requests.mean", "",
           "cache requests per connection start (1 with cache_read mget, one per friend with gets)",
           v(&Results::requests_per_init))
      .add("connection.cache_gets.mean", "", "friends' cached positions read per connection start",
           v(&Results::gets_per_init))
      .add("connection.sessions", "", "connections initialised", v(&Results::sessions))
      .add("friends.mean", "", "friends per user in the graph", v(&Results::friends_mean))
      .add("friends.max", "", "most friends of one user", v(&Results::friends_max))
      .add("users.active", "", "users online (one client each)", v(&Results::active_users))
      .add("network.messages", "",
           "messages handed to the network in the whole run, every service's (simulator work)",
           v(&Results::messages))
      .add("estimate.location_updates.per_s", "1/s",
           "the book's: daily_active_users x concurrent_fraction / update_interval",
           v(&Results::est_updates))
      .add("estimate.pushes.per_update", "", "the book's: friends x online_fraction (40)",
           v(&Results::est_pushes_per_update))
      .add("estimate.pushes.per_s", "1/s", "the book's: updates/s x friends x online_fraction",
           v(&Results::est_pushes))
      .add("estimate.pubsub_servers.cpu", "",
           "the book's: ceil(pushes/s / pushes_per_s_per_server)", v(&Results::est_cpu_servers))
      .add("estimate.pubsub.memory_bytes", "B",
           "the book's: channels x subscribers_per_channel x pointer_bytes",
           v(&Results::est_memory))
      .add("estimate.pubsub_servers.memory", "", "the book's: ceil(memory / server_memory)",
           v(&Results::est_memory_servers));
  return t;
}

void NearbyFriendsModel::finish(RunContext& ctx) {
  const Experiment& e = *e_;
  const Ledger& l = *e.ledger;
  Results& r = results_;
  const double window = std::max(1e-9, e.measured_to - e.measured_from);
  const double processed = std::max<double>(1, double(l.updates_processed));
  r.updates_sent = double(l.updates_sent);
  r.updates_per_s = double(l.updates_processed) / window;
  r.updates_lost = double(l.updates_sent) - double(l.updates_processed);
  r.forwards_per_s = double(l.forwards_delivered) / window;
  r.forwards_per_update = double(l.forwards_delivered) / processed;
  r.forwards_expected_per_update = double(l.forwards_expected) / processed;
  r.forwards_ratio =
      l.forwards_expected ? double(l.forwards_delivered) / double(l.forwards_expected) : 1.0;
  r.forwards_lost = std::max(0.0, double(l.forwards_expected) - double(l.forwards_delivered));
  r.pushes_per_update = double(l.pushes_delivered) / processed;
  r.online_friends = l.online_friends_sum / processed;
  r.nearby_fraction =
      l.pushes_expected ? double(l.forwards_expected) / double(l.pushes_expected) : 0.0;
  r.latency_p50 = l.latency.quantile(0.5);
  r.latency_p99 = l.latency.quantile(0.99);
  r.latency_max = l.latency.max();
  r.messages_lost = double(l.pushes_expected) - double(l.pushes_delivered);
  r.stale_max = l.stale_max;
  r.declared_dead = double(e.pubsub_declared_dead);
  r.subscriber_resets = double(e.subscriber_resets);
  for (const auto& s : e.pubsub) r.pubsub_restarts += double(s->stats().restarts);

  // Presence (connections and departures) and the nearby lists' drops.
  CsvWriter& pc = ctx.recorder().table("churn.csv", {"time", "user", "event"});
  std::vector<double> online_since(e.graph.users(), -1);
  std::vector<bool> left(e.graph.users(), false);
  double online_time = 0;
  auto in_window = [&](double a, double b) {
    return std::max(0.0, std::min(b, e.measured_to) - std::max(a, e.measured_from));
  };
  for (const Presence& x : e.presence) {
    pc.field(x.time);
    pc.field(static_cast<long long>(x.user));
    pc.field(std::string_view(x.online ? "online" : "offline"));
    pc.end_row();
    if (x.online) {
      if (left[x.user]) ++r.arrivals;
      if (online_since[x.user] < 0) online_since[x.user] = x.time;  // a reconnect stays online
    } else {
      ++r.departures;
      left[x.user] = true;
      online_time += in_window(online_since[x.user], x.time);
      online_since[x.user] = -1;
    }
  }
  for (double since : online_since)
    if (since >= 0) online_time += in_window(since, e.measured_to);
  r.online_mean = online_time / window;
  CsvWriter& dc =
      ctx.recorder().table("drops.csv", {"time", "user", "friend", "last_heard", "silent_s"});
  r.silent_at_drop_min = e.drops.empty() ? 0 : std::numeric_limits<double>::infinity();
  for (const Drop& x : e.drops) {
    r.silent_at_drop_max = std::max(r.silent_at_drop_max, x.time - x.last_heard);
    r.silent_at_drop_min = std::min(r.silent_at_drop_min, x.time - x.last_heard);
    dc.field(x.time);
    dc.field(static_cast<long long>(x.user));
    dc.field(static_cast<long long>(x.friend_id));
    dc.field(x.last_heard);
    dc.field(x.time - x.last_heard);
    dc.end_row();
  }
  r.dropped = double(e.drops.size());
  r.init_shown_inactive = double(e.init_shown_inactive);

  // Gaps in what reaches a user of a friend's updates.
  CsvWriter& u = ctx.recorder().table("unseen.csv", {"receiver", "sender", "from", "to", "gap_s"});
  double gap_sum = 0;
  for (const Ledger::Gap& g : l.gaps) {
    const double gap = (g.to < 0 ? e.measured_to : g.to) - g.from;
    r.unseen_max = std::max(r.unseen_max, gap);
    gap_sum += gap;
    r.unseen_open += g.to < 0;
    u.field(static_cast<long long>(g.receiver));
    u.field(static_cast<long long>(g.sender));
    u.field(g.from);
    if (g.to < 0)
      u.field(std::string_view());
    else
      u.field(g.to);
    u.field(gap);
    u.end_row();
  }
  r.unseen_gaps = double(l.gaps.size());
  r.unseen_mean = l.gaps.empty() ? 0 : gap_sum / double(l.gaps.size());

  // Per pub/sub server, over the window.
  CsvWriter& w = ctx.recorder().table(
      "pubsub.csv", {"server", "in_ring_at_end", "deliveries", "pushes_per_s", "busy_s",
                     "cpu_utilisation", "memory_peak_bytes", "memory_fraction"});
  std::vector<bool> in_ring(e.pubsub.size(), false);
  const PubSubRing last = e.ring_changes.empty()
                              ? PubSubRing()
                              : PubSubRing::parse(e.ring_changes.back().after, 1);
  if (last.empty())
    for (int j = 0; j < std::min<int>(e.cfg.pubsub.servers, int(e.pubsub.size())); ++j)
      in_ring[std::size_t(j)] = true;
  else
    for (int j : last.servers()) in_ring[std::size_t(j)] = true;
  double total_pushes = 0, cpu_sum = 0;
  int cpu_n = 0;
  for (std::size_t j = 0; j < e.pubsub.size(); ++j) {
    const bool have = j < e.busy_at_end.size() && j < e.busy_at_warmup.size();
    const double busy = have ? e.busy_at_end[j] - e.busy_at_warmup[j] : 0;
    const double deliveries = have ? e.deliveries_at_end[j] - e.deliveries_at_warmup[j] : 0;
    const double cpu = busy / window;
    r.cpu_max = std::max(r.cpu_max, cpu);
    if (in_ring[j]) cpu_sum += cpu, ++cpu_n;
    r.pushes_per_s_max = std::max(r.pushes_per_s_max, deliveries / window);
    total_pushes += deliveries / window;
    r.memory_max = std::max(r.memory_max, e.memory_peak[j]);
    w.field(static_cast<long long>(j));
    w.field(static_cast<long long>(in_ring[j]));
    w.field(deliveries);
    w.field(deliveries / window);
    w.field(busy);
    w.field(cpu);
    w.field(e.memory_peak[j]);
    w.field(e.memory_peak[j] / e.cfg.pubsub.memory);
    w.end_row();
  }
  r.cpu_mean = cpu_n ? cpu_sum / cpu_n : 0;
  r.memory_fraction_max = r.memory_max / e.cfg.pubsub.memory;
  r.sim_servers_needed = std::ceil(total_pushes / e.cfg.pubsub.pushes_per_s);

  // Per WebSocket server: its CPU demand over the window.
  CsvWriter& ww = ctx.recorder().table("ws.csv", {"server", "busy_s", "cpu_cores"});
  for (std::size_t i = 0; i < e.ws_busy.size(); ++i) {
    r.ws_cores_max = std::max(r.ws_cores_max, e.ws_busy[i] / window);
    ww.field(static_cast<long long>(i));
    ww.field(e.ws_busy[i]);
    ww.field(e.ws_busy[i] / window);
    ww.end_row();
  }

  // Reconnects.
  CsvWriter& rc = ctx.recorder().table("reconnects.csv",
                                       {"time", "user", "code", "from", "to", "gap_s"});
  std::map<long long, int> per_second;
  for (const Reconnect& x : e.reconnects) {
    r.reconnect_gap_max = std::max(r.reconnect_gap_max, x.gap);
    r.reconnect_peak = std::max<double>(r.reconnect_peak, ++per_second[(long long)std::floor(x.time)]);
    rc.field(x.time);
    rc.field(static_cast<long long>(x.user));
    rc.field(static_cast<long long>(x.code));
    rc.field(static_cast<long long>(x.from));
    rc.field(static_cast<long long>(x.to));
    rc.field(x.gap);
    rc.end_row();
  }
  r.reconnects = double(e.reconnects.size());

  // Sessions (connection start costs); a user's later sessions resubscribe every friend.
  CsvWriter& sc = ctx.recorder().table(
      "sessions.csv", {"user", "server", "start", "init_s", "first_friend_s", "friends",
                       "subscribed", "shown_at_start", "reconnect"});
  std::vector<std::uint32_t> seen(e.graph.users(), 0);
  double init_sum = 0, first_sum = 0, gets = 0, resub = 0;
  int first_n = 0;
  for (const SessionRecord& s : e.sessions) {
    const bool again = seen[s.user]++ > 0;
    if (again) resub += double(s.subscribed);
    init_sum += s.init_s;
    gets += double(s.friends);
    if (s.first_friend_s >= 0) first_sum += s.first_friend_s, ++first_n;
    sc.field(static_cast<long long>(s.user));
    sc.field(static_cast<long long>(s.server));
    sc.field(s.start);
    sc.field(s.init_s);
    if (s.first_friend_s >= 0)
      sc.field(s.first_friend_s);
    else
      sc.field(std::string_view());
    sc.field(static_cast<unsigned long long>(s.friends));
    sc.field(static_cast<unsigned long long>(s.subscribed));
    sc.field(static_cast<unsigned long long>(s.shown_at_start));
    sc.field(static_cast<long long>(again));
    sc.end_row();
  }
  const double sessions = double(e.sessions.size());
  r.sessions = sessions;
  r.init_mean = sessions ? init_sum / sessions : 0;
  r.first_friend_mean = first_n ? first_sum / first_n : 0;
  r.gets_per_init = sessions ? gets / sessions : 0;
  r.requests_per_init = e.sessions.empty() ? 0 : double(e.cache_requests) / sessions;
  std::vector<double> inits;
  for (const SessionRecord& s : e.sessions) inits.push_back(s.init_s);
  std::sort(inits.begin(), inits.end());
  if (!inits.empty()) {
    // Nearest rank, as the recount in the tests does.
    r.init_p99 = inits[std::size_t(std::ceil(0.99 * double(inits.size()))) - 1];
    r.init_max = inits.back();
  }
  r.resubscriptions = resub + double(e.resubscriptions);
  r.subscriptions = double(e.subscriptions);

  // Ring changes.
  CsvWriter& rg = ctx.recorder().table(
      "ring_changes.csv", {"time", "kind", "before", "after", "moved_fraction", "pushes_lost"});
  for (const RingChange& c : e.ring_changes) {
    r.moved_fraction = c.moved_fraction;
    r.ring_change_lost += double(c.pushes_lost);
    rg.field(c.time);
    rg.field(c.kind);
    rg.field(c.before);
    rg.field(c.after);
    rg.field(c.moved_fraction);
    rg.field(static_cast<unsigned long long>(c.pushes_lost));
    rg.end_row();
  }
  r.ring_changes = double(e.ring_changes.size());
  if (e.cfg.write_forwards) {
    CsvWriter& fw =
        ctx.recorder().table("forwards.csv", {"time", "receiver", "sender", "seq", "latency_s"});
    for (const auto& x : l.shown_log) {
      fw.field(x.time);
      fw.field(static_cast<long long>(x.receiver));
      fw.field(static_cast<long long>(x.sender));
      fw.field(static_cast<unsigned long long>(x.seq));
      fw.field(x.latency);
      fw.end_row();
    }
  }

  r.messages = double(ctx.net().sent());
  r.friends_mean = e.graph.mean_degree();
  r.friends_max = double(e.graph.max_degree());
  r.active_users = double(e.active.size());
  const Estimate est = estimate(e.cfg.scale);
  r.est_updates = est.updates_per_s;
  r.est_pushes_per_update = est.pushes_per_update;
  r.est_pushes = est.pushes_per_s;
  r.est_cpu_servers = est.servers_for_cpu;
  r.est_memory = est.memory_bytes;
  r.est_memory_servers = est.servers_for_memory;
}

}  // namespace sdsim::nearby_friends
