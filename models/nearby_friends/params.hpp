// The nearby friends model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"
#include "sim/services/coord/coord_config.hpp"
#include "sim/services/kv/kv_config.hpp"
#include "sim/services/lsm/lsm_config.hpp"
#include "sim/services/redis/redis_config.hpp"

namespace sdsim::nearby_friends {

struct FriendsConfig {
  std::string source;        // generated | csv
  std::string file;          // csv: an edge list a,b (user ids below users)
  double average{};          // generated: mean friends per user
  std::string distribution;  // uniform | heavy_tailed
  double tail_exponent{};    // heavy_tailed: Pareto exponent of the degree weights
  int cap{};                 // most friends a user may have (the book: 5,000)
};

struct RegionConfig {
  double lat{}, lon{};  // the region's centre, degrees
  double side_km{};     // a square on the ground
};

struct DrainConfig {
  int server{};    // the WebSocket server drained (-1: none)
  double at{};     // s
  double period{}; // s over which its clients are told to reconnect (1001), evenly spaced
};

struct PubSubConfig {
  int servers{};          // in the ring at the start
  int spares{};           // started, outside the ring: what grows and replacements take
  int vnodes{};           // virtual nodes per ring slot
  double pushes_per_s{};  // one server's capacity: cpu_per_delivery = 1 / pushes_per_s
  double pointer_bytes{}; // the book's 20 B per subscriber
  double memory{};        // B of memory per server (the 'far from full' comparison)
  double detect_interval{};  // s between the operator's PINGs
  int detect_misses{};       // unanswered PINGs before a server is declared dead
  bool replace_dead{};       // a dead server's slot goes to a spare
  double grow_at{};          // s; 0: never
  int grow_to{};             // servers in the ring after growing
  double replace_at{};       // s; 0: never (a planned replacement, the old server alive)
  int replace_slot{};        // which ring slot is replaced
  double subscriber_ping{};  // s between a WebSocket server's pings on each subscriber connection
  bool resubscribe{};        // a subscriber connection the server reset (1006) is reopened
};

struct ChurnConfig {
  double session_mean{};  // s, an online stretch's mean (exponential); 0: online for the run
  double offline_mean{};  // s, an offline stretch's mean (exponential)
};

struct ScaleConfig {
  double daily_active_users{}, concurrent_fraction{}, friends{}, online_fraction{};
  double update_interval{};  // s
  double pushes_per_s_per_server{};
  double channels{}, subscribers_per_channel{}, pointer_bytes{}, server_memory{};
};

struct Config {
  long long users{};
  double active_fraction{};
  double update_interval{};    // s
  double speed{};              // m/s of the random walk
  double radius{};             // m
  double inactivity_timeout{}; // s: the location cache's TTL
  double reconnect_jitter{};   // s: a client waits U[0, this) before reconnecting
  int ws_servers{};
  double ws_cpu_per_message{};  // s of one core per update handled and per pub/sub message received
  int ws_workers{};            // connection initialisations a WebSocket server runs at once
  int history_nodes{};
  bool write_forwards{};       // forwards.csv
  std::string cache_read;      // mget | gets: how a connection start reads friends' positions
  FriendsConfig friends;
  RegionConfig region;
  DrainConfig drain;
  PubSubConfig pubsub;
  ChurnConfig churn;
  ScaleConfig scale;
  redis_service::RedisConfig cache;
  kv_service::KvConfig friends_store;
  lsm_service::LsmNodeConfig history;
  coord::CoordConfig coord;
};

const ParamTable<Config>& params();

}  // namespace sdsim::nearby_friends
