// What the actors of one nearby-friends run share: the parameters, the friend graph, the
// services on the platform, the load balancer's view of the WebSocket servers, and the
// delivery ledger that checks every update against who should have received it.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/nearby_friends/friend_graph.hpp"
#include "models/nearby_friends/location.hpp"
#include "models/nearby_friends/params.hpp"
#include "models/nearby_friends/protocol.hpp"
#include "sim/coord/coord_cluster.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/services/kv/kv_store.hpp"
#include "sim/services/lsm/lsm_node.hpp"
#include "sim/services/redis/redis_server.hpp"

namespace sdsim::nearby_friends {

inline const std::string kRingKey = "/nearby/pubsub/ring";

// The ground truth of one user, as the model knows it (not as any server does).
struct UserTruth {
  bool online = false;  // its client has connected once and not yet left
  LatLon pos;           // the last position a WebSocket server processed
};

// Who should have received each update, and who did. An update counts when its client sent
// it inside the measured window [warmup, load end).
//   pushes:   every online friend of the sender should get the pub/sub message (at most
//             once, the book's "published while a subscriber was not subscribed" is lost);
//   forwards: every online friend within the radius (of the sender's new position and the
//             friend's last processed one) should see it on their screen.
// Staleness: for a pair (friend, sender) that stays nearby, each update due to the friend
// samples the age the shown position had reached (update interval when nothing is lost).
class Ledger {
 public:
  Ledger(const FriendGraph& graph, std::vector<UserTruth>& truth, double radius_m)
      : graph_(graph), truth_(truth), radius_(radius_m) {}
  void set_window(double from, double to) { from_ = from, to_ = to; }
  bool measured(double sent_at) const { return sent_at >= from_ && sent_at < to_; }

  void sent(const Location& l);       // the client sent it
  // The user went offline (churn): its screen is gone and its friends expect nothing more of
  // it, so no staleness is measured across the absence.
  void left(std::uint32_t user);
  void processed(const Location& l, double now);  // a WebSocket server took it
  void pushed(std::uint32_t receiver, const Location& l, double now);  // reached its server
  // Reached the receiver's screen; `update` false for a position read from the cache at
  // connection start (shown, so it resets staleness, but not a forward of an update).
  void shown(std::uint32_t receiver, const Location& l, double now, bool update);

  std::uint64_t updates_sent = 0, updates_processed = 0;
  std::uint64_t pushes_expected = 0, pushes_delivered = 0;
  std::uint64_t forwards_expected = 0, forwards_delivered = 0;
  double online_friends_sum = 0;  // over processed updates
  double stale_max = 0;           // s
  LatencyHistogram latency;       // update sent -> friend's screen
  struct Shown {
    double time;
    std::uint32_t receiver, sender;
    std::uint64_t seq;
    double latency;
  };
  bool keep_shown = false;
  std::vector<Shown> shown_log;  // with keep_shown: every forward counted

  // Gaps: an online friend's updates stopped reaching a user's WebSocket server (a push owed
  // was lost) until the next one arrived: how long the friend went unseen, what a pub/sub
  // restart without resubscription makes endless. A gap opens at the lost update's sent_at;
  // it closes at the next push of the pair delivered, and is dropped if the receiver goes
  // offline first (nothing is owed to it any more).
  struct Gap {
    std::uint32_t receiver, sender;
    double from, to;  // s; to < 0: still open when the window ended
  };
  std::vector<Gap> gaps;
  // At the window's end: the gaps still open between users both online are kept as open
  // (to < 0); an update lost in the last interval is not yet known as a gap. Sorts the gaps.
  void close_window();
  bool window_closed = false;

 private:
  struct Pair {
    std::uint64_t pushed_seq = 0, shown_seq = 0;
    double shown_sent_at = -1;  // sent_at of the newest position shown (-1: none in this run)
    bool nearby = false;
  };
  static std::uint64_t key(std::uint32_t receiver, std::uint32_t sender) {
    return (std::uint64_t(receiver) << 32) | sender;
  }
  const FriendGraph& graph_;
  std::vector<UserTruth>& truth_;
  double radius_;
  double from_ = 0, to_ = 0;
  std::unordered_map<std::uint64_t, Pair> pairs_;
  struct Owed {
    std::uint64_t seq = 0;      // the sender's last update owed to the receiver
    double sent_at = 0;         // s, its sent_at
    double unseen_since = -1;   // s: an open gap's start (-1: none)
  };
  std::unordered_map<std::uint64_t, Owed> owed_;
  void owe(std::uint32_t receiver, const Location& l);
};

struct Reconnect {
  double time = 0;  // s: the new connection opened
  std::uint32_t user = 0;
  int code = 0;     // why the previous one closed
  int from = -1, to = -1;
  double gap = 0;   // s without a connection
};

struct SessionRecord {
  std::uint32_t user = 0;
  int server = -1;
  double start = 0, init_s = 0, first_friend_s = -1;  // s
  std::size_t friends = 0, subscribed = 0, shown_at_start = 0;
  bool reconnect = false;
};

// A user connecting (every connection opened) or leaving (churn: its client closed the
// connection and went offline).
struct Presence {
  double time = 0;  // s
  std::uint32_t user = 0;
  bool online = false;
};

// A friend dropped from a client's nearby list: nothing heard of it for inactivity_timeout.
struct Drop {
  double time = 0;  // s
  std::uint32_t user = 0, friend_id = 0;
  double last_heard = 0;  // s: the last position of the friend the client received
};

struct RingChange {
  double time = 0;
  std::string kind, before, after;
  double moved_fraction = 0;
  std::uint64_t pushes_lost_before = 0;  // the ledger's losses when it happened
  std::uint64_t pushes_lost = 0;         // lost in the kLossWindow after it
};

struct Experiment {
  Config cfg;
  FriendGraph graph;
  std::vector<UserTruth> truth;
  std::vector<std::uint32_t> active;  // users with a client
  std::unique_ptr<Ledger> ledger;
  Region region;

  std::unique_ptr<redis_service::RedisServer> cache;
  std::vector<std::unique_ptr<redis_service::RedisServer>> pubsub;  // servers then spares
  std::unique_ptr<kv_service::KvStore> friends_store;
  std::vector<std::unique_ptr<lsm_service::LsmNode>> history;
  std::unique_ptr<coord::CoordCluster> coord;
  std::vector<Endpoint<WsProtocol>> ws;

  // The load balancer: round robin over the servers taking new connections, passing over
  // for 10 s a server whose handshake timed out (a passive health check).
  std::vector<bool> ws_accepting;
  std::vector<double> ws_suspect_until;  // s
  std::size_t lb_next = 0;
  int pick_ws();
  void handshake_failed(int server);

  bool friends_loaded = false, ring_written = false;
  double startup_done = -1;  // s: friend lists stored and the ring written

  // Counted as the run goes.
  std::vector<Reconnect> reconnects;
  std::vector<SessionRecord> sessions;
  std::vector<RingChange> ring_changes;
  std::vector<Presence> presence;
  std::vector<Drop> drops;
  std::uint64_t resubscriptions = 0;     // channels subscribed again (reconnects, ring moves)
  std::uint64_t subscriptions = 0;       // every channel subscription made
  std::uint64_t cache_gets = 0, cache_requests = 0, init_failures = 0, publishes_without_ring = 0;
  std::uint64_t pubsub_declared_dead = 0;
  std::uint64_t init_shown_inactive = 0;  // cached positions older than the timeout shown
  std::uint64_t subscriber_resets = 0;  // subscriber connections a pub/sub server reset (1006)
  std::vector<double> busy_at_warmup, busy_at_end;         // per pub/sub server, s
  std::vector<double> deliveries_at_warmup, deliveries_at_end;
  std::vector<double> ws_busy;  // per WebSocket server: s of CPU charged in the window
  void charge_ws(int server);    // one message's ws_cpu_per_message on the calling actor's host
  std::vector<double> memory_peak;  // per pub/sub server, B (subscriptions x pointer + channels)
  double measured_from = 0, measured_to = 0;
};

}  // namespace sdsim::nearby_friends
