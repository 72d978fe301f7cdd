#include "models/nearby_friends/params.hpp"

namespace sdsim::nearby_friends {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<FriendsConfig> f;
    f.choice("source", &FriendsConfig::source, "generated", "where the friend graph comes from",
             {{"generated", std::string("generated")}, {"csv", std::string("csv")}})
        .text("file", &FriendsConfig::file, "none",
              "source csv: an edge list with header a,b (user ids in [0, users)), relative to the "
              "scenario; each line one friendship")
        .real("average", &FriendsConfig::average, "40", "generated: mean friends per user", 0, 5000)
        .choice("distribution", &FriendsConfig::distribution, "uniform",
                "generated: uniform (every pair equally likely: Poisson degrees) or heavy_tailed "
                "(Chung-Lu with Pareto weights)",
                {{"uniform", std::string("uniform")}, {"heavy_tailed", std::string("heavy_tailed")}})
        .real("tail_exponent", &FriendsConfig::tail_exponent, "2.5",
              "heavy_tailed: the Pareto exponent of the degree weights", 2.01, 10)
        .integer("cap", &FriendsConfig::cap, "5000", "most friends a user may have (the book's cap)",
                 1, 1000000);
    ParamTable<RegionConfig> r;
    r.real("lat", &RegionConfig::lat, "37.77", "the region's centre latitude (degrees)", -80, 80)
        .real("lon", &RegionConfig::lon, "-122.42", "the region's centre longitude (degrees)", -180,
              180)
        .real("side_km", &RegionConfig::side_km, "30",
              "the side of the square users start in and walk within (km)", 0.01, 2000);
    ParamTable<DrainConfig> d;
    d.integer("server", &DrainConfig::server, "-1",
              "the WebSocket server drained (ws-N's index; -1: none)", -1, 100000)
        .duration("at", &DrainConfig::at, "60s", "when the drain starts")
        .duration("period", &DrainConfig::period, "60s",
                  "its clients are told to reconnect (close code 1001) at evenly spaced instants "
                  "over this period",
                  0.001);
    ParamTable<PubSubConfig> p;
    p.integer("servers", &PubSubConfig::servers, "4", "pub/sub servers in the ring at the start",
              1, 10000)
        .integer("spares", &PubSubConfig::spares, "2",
                 "pub/sub servers started outside the ring (growth and replacements take them)",
                 0, 10000)
        .integer("vnodes", &PubSubConfig::vnodes, "256", "virtual nodes per ring slot", 1, 100000)
        .rate("pushes_per_s", &PubSubConfig::pushes_per_s, "100000/s",
              "one server's capacity in subscriber pushes (the book's 100,000): each delivery "
              "costs its thread 1/this of CPU",
              1)
        .size("pointer_bytes", &PubSubConfig::pointer_bytes, "20B",
              "memory per subscription (the book's 20 B of hash table and list pointers)")
        .size("memory", &PubSubConfig::memory, "100GB", "memory of one pub/sub server", 1)
        .duration("detect_interval", &PubSubConfig::detect_interval, "1s",
                  "the operator PINGs every ring server this often (0.5 s time-out)", 0.01)
        .integer("detect_misses", &PubSubConfig::detect_misses, "3",
                 "unanswered PINGs in a row before a server is declared dead", 1, 1000)
        .flag("replace_dead", &PubSubConfig::replace_dead, "true",
              "a dead server's ring slot is given to a spare (only its channels move)")
        .duration("grow_at", &PubSubConfig::grow_at, "0s", "when the ring grows (0: never)")
        .integer("grow_to", &PubSubConfig::grow_to, "6", "servers in the ring after it grows", 1,
                 10000)
        .duration("replace_at", &PubSubConfig::replace_at, "0s",
                  "a planned replacement of one live server by a spare (0: never)")
        .integer("replace_slot", &PubSubConfig::replace_slot, "0", "the ring slot replaced", 0,
                 10000)
        .duration("subscriber_ping", &PubSubConfig::subscriber_ping, "100s",
                  "a WebSocket server PINGs each of its subscriber connections this often; a "
                  "restarted pub/sub server answers a ping (or any frame) on a connection of its "
                  "previous life with a reset (1006): how a same-host restart is found (go-redis "
                  "health-checks a silent subscriber connection every 3 s)",
                  0.01)
        .flag("resubscribe", &PubSubConfig::resubscribe, "true",
              "on that reset the session opens a new subscriber connection and SUBSCRIBEs again "
              "to every friend's channel the ring names that server for (Redis keeps no "
              "subscription across a restart); false: the channels stay unsubscribed until a "
              "ring change moves them");
    ParamTable<ChurnConfig> ch;
    ch.duration("session_mean", &ChurnConfig::session_mean, "0s",
                "each online user's connection lasts an exponential time of this mean, then it "
                "closes (1000) and the user is offline (0: online for the whole run)")
        .duration("offline_mean", &ChurnConfig::offline_mean, "5m",
                  "an offline stretch's exponential mean; the user then connects again (a new "
                  "session: friend list, SUBSCRIBEs, cached positions)",
                  0.001);
    ParamTable<ScaleConfig> s;
    s.real("daily_active_users", &ScaleConfig::daily_active_users, "100e6", "the book's DAU", 0,
           1e12)
        .real("concurrent_fraction", &ScaleConfig::concurrent_fraction, "0.1",
              "the book's concurrent users / DAU", 0, 1)
        .real("friends", &ScaleConfig::friends, "400", "the book's friends per user", 0, 1e6)
        .real("online_fraction", &ScaleConfig::online_fraction, "0.1",
              "the book's fraction of friends online", 0, 1)
        .duration("update_interval", &ScaleConfig::update_interval, "30s",
                  "the book's location refresh interval", 0.001)
        .rate("pushes_per_s_per_server", &ScaleConfig::pushes_per_s_per_server, "100000/s",
              "the book's pushes one Redis pub/sub server handles", 1)
        .real("channels", &ScaleConfig::channels, "100e6",
              "the book's channels (users of the feature)", 0, 1e12)
        .real("subscribers_per_channel", &ScaleConfig::subscribers_per_channel, "100",
              "the book's active friends subscribed per channel", 0, 1e6)
        .size("pointer_bytes", &ScaleConfig::pointer_bytes, "20B", "the book's bytes per subscriber")
        .size("server_memory", &ScaleConfig::server_memory, "100GB",
              "the book's memory of one pub/sub server", 1);
    ParamTable<Config> c;
    c.count("users", &Config::users, "2000", "users in the friend graph", 2, 1e8)
        .real("active_fraction", &Config::active_fraction, "0.25",
              "users online at once (each with a client and a connection)", 0.0001, 1)
        .duration("update_interval", &Config::update_interval, "30s",
                  "a client sends its location this often", 0.01)
        .real("speed", &Config::speed, "1.4",
              "walking speed of the random walk (m/s): each update moves speed x interval in a "
              "uniformly random direction",
              0, 1000)
        .real("radius", &Config::radius, "8046.72",
              "nearby radius (m; 5 miles): friends farther are not forwarded", 1, 1e7)
        .duration("inactivity_timeout", &Config::inactivity_timeout, "10m",
                  "the location cache's TTL: a user silent this long is inactive", 1)
        .duration("reconnect_jitter", &Config::reconnect_jitter, "1s",
                  "a client whose connection closed waits U[0, this) before reconnecting", 0)
        .integer("ws_servers", &Config::ws_servers, "4", "WebSocket servers (role 'ws')", 1, 10000)
        .duration("ws_cpu_per_message", &Config::ws_cpu_per_message, "0s",
                  "CPU (one core) a WebSocket server spends per location update it handles and "
                  "per pub/sub message it receives (decode, distance, forward); 0: none")
        .integer("ws_workers", &Config::ws_workers, "8",
                 "connection initialisations one WebSocket server runs at once", 1, 10000)
        .integer("history_nodes", &Config::history_nodes, "1",
                 "location history store nodes (role 'history', LSM), users split by id", 1, 1000)
        .choice("cache_read", &Config::cache_read, "mget",
                "how a connection's start reads every friend's cached position: mget (one MGET "
                "of all the friends' keys, nil for one with no live position) or gets (one GET "
                "per friend, sent at once)",
                {{"mget", std::string("mget")}, {"gets", std::string("gets")}})
        .flag("write_forwards", &Config::write_forwards, "false",
              "write forwards.csv: one row per forward shown in the measured window")
        .group("friends", "the friend graph", &Config::friends, f)
        .group("region", "where users are", &Config::region, r)
        .group("ws_drain", "draining one WebSocket server", &Config::drain, d)
        .group("pubsub", "the Redis pub/sub ring", &Config::pubsub, p)
        .group("churn", "users connecting and disconnecting over time", &Config::churn, ch)
        .group("scale", "the book's inputs for the estimate.* figures", &Config::scale, s)
        .group("cache", "the location cache's Redis server (sdsim describe service redis)",
               &Config::cache, redis_service::redis_params())
        .group("friends_store", "the friends service's key-value store (sdsim describe service kv)",
               &Config::friends_store, kv_service::kv_params())
        .group("history", "the location history LSM nodes (sdsim describe service lsm)",
               &Config::history, lsm_service::lsm_node_params())
        .group("coord", "the service discovery's coordination service (role 'coord', 3 nodes; "
               "sdsim describe service coord)", &Config::coord, coord_service::coord_params());
    return c;
  }();
  return t;
}

}  // namespace sdsim::nearby_friends
