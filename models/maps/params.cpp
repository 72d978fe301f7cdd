#include "models/maps/params.hpp"

namespace sdsim::maps {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<GraphConfig> g;
    g.choice("source", &GraphConfig::source, "grid",
             "the road graph: a generated grid city, or 9th DIMACS challenge files",
             {{"grid", std::string("grid")}, {"dimacs", std::string("dimacs")}})
        .integer("width", &GraphConfig::width, "40", "grid: intersections east-west", 2, 5000)
        .integer("height", &GraphConfig::height, "40", "grid: intersections north-south", 2, 5000)
        .real("block_m", &GraphConfig::block_m, "200", "grid: metres between intersections", 1,
              1e5)
        .integer("arterial_every", &GraphConfig::arterial_every, "5",
                 "grid: every n-th row and column is an arterial (70 km/h; locals 50 km/h)", 1,
                 100000)
        .integer("highway_every", &GraphConfig::highway_every, "20",
                 "grid: every n-th row and column is a highway (110 km/h)", 1, 100000)
        .real("jitter", &GraphConfig::jitter, "0.2",
              "grid: a block is block_m x (1 + jitter x U[0,1)) long (never shorter than the "
              "straight line, so A*'s heuristic stays admissible)",
              0, 10)
        .count("seed", &GraphConfig::seed, "0", "grid: the generator's seed; 0 takes the run's",
               0, 1e15)
        .text("gr", &GraphConfig::gr, "none",
              "dimacs: the .gr arc file (p sp N M; a U V W), relative to the scenario; weights "
              "are the arcs' costs and lengths")
        .text("co", &GraphConfig::co, "none",
              "dimacs: the .co coordinate file (p aux sp co N; v ID X Y); none: A* has no "
              "heuristic and expands what Dijkstra does");
    ParamTable<CostConfig> c;
    c.duration("per_request", &CostConfig::per_request, "20us",
               "navigation server CPU per route request (parse, look-up, reply)")
        .duration("per_node", &CostConfig::per_node, "1us",
                  "navigation server CPU per node a search settles: a binary-heap pop and the "
                  "relaxation of its out-arcs (about 4 in a grid city), cache misses included");
    ParamTable<EtaConfig> e;
    e.flag("enabled", &EtaConfig::enabled, "false",
           "predict every answered route's trip time by the learned model and by free flow, "
           "against the traffic profile's truth (eta.*)")
        .count("training_trips", &EtaConfig::training_trips, "2000",
               "historical trips the model is fitted on: random pairs, A* routes, departures "
               "uniform over the day, times from the traffic profile with noise",
               10, 1e7)
        .choice("departures", &EtaConfig::departures, "uniform",
                "the requests' departure hours: uniform over the day, or rush (uniform within "
                "07:00-09:30 and 16:30-19:00)",
                {{"uniform", std::string("uniform")}, {"rush", std::string("rush")}})
        .real("noise", &EtaConfig::noise, "0.1",
              "s.d. of the log of a trip's random traffic factor (lognormal)", 0, 5)
        .real("peak_local", &EtaConfig::peak_local, "0.3",
              "local streets' extra time at a rush peak (0.3: 1.3 x free flow)", 0, 100)
        .real("peak_arterial", &EtaConfig::peak_arterial, "0.8", "arterials' extra time at a peak",
              0, 100)
        .real("peak_highway", &EtaConfig::peak_highway, "1.2", "highways' extra time at a peak", 0,
              100)
        .duration("per_prediction", &EtaConfig::per_prediction, "5us",
                  "navigation server CPU per ETA prediction");
    using kv_service::Consistency;
    const std::vector<std::pair<std::string, Consistency>> levels{
        {"one", Consistency::one}, {"quorum", Consistency::quorum}, {"all", Consistency::all}};
    ParamTable<LocationConfig> l;
    l.flag("enabled", &LocationConfig::enabled, "false",
           "run the location service: navigating users send batched GPS points to location "
           "servers, which write them to the KV store and publish them on the log (location.*)")
        .integer("users", &LocationConfig::users, "200",
                 "navigating users, spread over the client hosts; each drives random A* routes "
                 "for the whole workload.duration",
                 1, 1000000)
        .duration("gps_interval", &LocationConfig::gps_interval, "1s",
                  "a user records a GPS point this often (the book: every second)", 1e-3, 3600)
        .duration("batch_interval", &LocationConfig::batch_interval, "15s",
                  "a user sends the points recorded since its last batch this often (the book: "
                  "15 s)",
                  1e-3, 3600)
        .size("point_bytes", &LocationConfig::point_bytes, "24B",
              "one point on the wire and in the store: timestamp, latitude, longitude (8 B each)",
              1, 1e6)
        .duration("timeout", &LocationConfig::timeout, "5s",
                  "a user waits this long for a batch's acknowledgement; an unacknowledged batch "
                  "is sent again at the next batch time, before the new one",
                  1e-3, 3600)
        .real("speed_min", &LocationConfig::speed_min, "0.7",
              "a user drives at U[speed_min, 1) x each arc's speed limit (its own factor)", 0.01,
              1)
        .choice("write_consistency", &LocationConfig::write_consistency, "one",
                "the store's write consistency: ONE (availability: accepted while one replica is "
                "up), QUORUM, ALL",
                levels)
        .choice("read_consistency", &LocationConfig::read_consistency, "one",
                "the stale-read probe's read consistency", levels)
        .rate("read_rate", &LocationConfig::read_rate, "20/s",
              "reads of recently acknowledged batches over all location servers (a downstream "
              "reader of the history; each read not finding its batch is stale)",
              0, 1e6)
        .duration("read_window", &LocationConfig::read_window, "60s",
                  "a read picks a random batch acknowledged within this long before it", 1e-3,
                  86400)
        .integer("servers", &LocationConfig::servers, "2", "location servers (role 'location')",
                 1, 1000)
        .integer("workers", &LocationConfig::workers, "32",
                 "batches a location server handles at once", 1, 4096)
        .duration("cpu_per_batch", &LocationConfig::cpu_per_batch, "20us",
                  "location server CPU per batch (parse, authenticate, reply)")
        .duration("cpu_per_point", &LocationConfig::cpu_per_point, "1us",
                  "location server CPU per point (validate, encode)")
        .integer("store_nodes", &LocationConfig::store_nodes, "3",
                 "KV store nodes (role 'store'), at least store.replication_factor", 1, 1000)
        .integer("partitions", &LocationConfig::partitions, "6",
                 "partitions of the location topic (a user's events keyed to one)", 1, 1000)
        .group("store", "the location history: the replicated KV store (sdsim describe service kv)",
               &LocationConfig::store, kv_service::kv_params())
        .group("log", "the location events' brokers (Kafka's settings; sdsim describe service log_broker)", &LocationConfig::log,
               log_service::broker_params())
        .group("producer", "the location servers' producers", &LocationConfig::producer,
               log_service::producer_params())
        .group("consumer", "the traffic consumer", &LocationConfig::consumer,
               log_service::consumer_params());
    ParamTable<EstimateConfig> est;
    est.real("daily_active_users", &EstimateConfig::daily_active_users, "1e9",
             "the book: daily active users", 0, 1e13)
        .real("navigation_minutes_per_week", &EstimateConfig::navigation_minutes_per_week, "35",
              "the book: minutes a user navigates a week", 0, 10080)
        .duration("gps_interval", &EstimateConfig::gps_interval, "1s",
                  "the book: a navigating client records a GPS point this often", 1e-3, 86400)
        .duration("batch_interval", &EstimateConfig::batch_interval, "15s",
                  "the book: the client sends its recorded points in one request this often",
                  1e-3, 86400)
        .real("peak_factor", &EstimateConfig::peak_factor, "5", "the book: peak / average QPS",
              1, 1000)
        .duration("day_s", &EstimateConfig::day_s, "100000s",
                  "seconds in a day for the per-second rates: the book rounds a day to 10^5 s; "
                  "86400s for the exact figures (x 1.157)",
                  1, 1e7);
    ParamTable<Config> p;
    p.group("graph", "the road graph", &Config::graph, g)
        .group("cost", "CPU charged for the searches' work", &Config::cost, c)
        .group("eta", "the learned ETA against the free-flow baseline", &Config::eta, e)
        .group("location", "the location service (batched GPS writes, location events)",
               &Config::location, l)
        .group("estimate", "the book's location-update scale, for the estimate.* metrics",
               &Config::estimate, est)
        .choice("algorithm", &Config::algorithm, "astar",
                "the search: A* (h = straight line x the graph's admissible scale, 1 / the "
                "highest speed for the grid city), Dijkstra, or both on every request (answered "
                "with A*'s route, both charged)",
                {{"astar", std::string("astar")},
                 {"dijkstra", std::string("dijkstra")},
                 {"both", std::string("both")}})
        .integer("k", &Config::k, "1",
                 "routes returned: 1 the shortest; more: Yen's k shortest loopless paths "
                 "(alternatives), every spur search by the chosen algorithm",
                 1, 100)
        .flag("write_paths", &Config::write_paths, "false",
              "add a path column to routes.csv (node ids, space-separated)")
        .integer("navigation_servers", &Config::navigation_servers, "2",
                 "navigation servers (the clients send to them in turn)", 1, 1000)
        .integer("workers", &Config::workers, "2",
                 "searches a navigation server runs at once (its cores)", 1, 1024);
    return p;
  }();
  return t;
}

}  // namespace sdsim::maps
