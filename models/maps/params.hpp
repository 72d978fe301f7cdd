// The maps model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "models/maps/estimate.hpp"
#include "sim/core/param_table.hpp"
#include "sim/services/kv/kv_config.hpp"
#include "sim/services/log/log_config.hpp"

namespace sdsim::maps {

struct GraphConfig {
  std::string source;  // grid | dimacs
  // grid: a generated city (sim/storage/road_graph make_grid_city)
  int width{}, height{};  // intersections
  double block_m{};       // m between intersections
  int arterial_every{}, highway_every{};
  double jitter{};    // fraction of block_m added to a block's length, U[0, jitter)
  long long seed{};   // 0: the run's seed
  // dimacs: the 9th DIMACS challenge files (relative to the scenario)
  std::string gr, co;
};

struct CostConfig {
  double per_request{};  // s of one core per route request (parse, reply)
  double per_node{};     // s of one core per node a search settles
};

struct EtaConfig {
  bool enabled{};
  long long training_trips{};
  std::string departures;  // uniform | rush: the requests' departure hours
  double noise{};          // s.d. of the log of a trip's traffic factor
  double peak_local{}, peak_arterial{}, peak_highway{};  // extra time at the rush peak
  double per_prediction{};  // s of CPU
};

// The location service (off unless enabled): navigating users record a GPS point every
// gps_interval and send them in one batch every batch_interval to the location servers, which
// write each batch to the replicated LSM-backed KV store and publish a location event on the
// log, read by the traffic consumer. README.md, "Location service".
struct LocationConfig {
  bool enabled{};
  int users{};              // navigating users, spread over the client hosts
  double gps_interval{};    // s between two points of a user
  double batch_interval{};  // s between two batches of a user
  double point_bytes{};     // B per point, on the wire and in the store
  double timeout{};         // s a user waits for a batch's acknowledgement
  double speed_min{};       // a user drives at U[speed_min, 1) x each arc's speed limit
  kv_service::Consistency write_consistency{}, read_consistency{};
  double read_rate{};    // 1/s: reads of recently acknowledged batches (the stale-read probe)
  double read_window{};  // s: a read picks a batch acknowledged this recently
  int servers{};         // location servers (role 'location')
  int workers{};         // batches a location server handles at once
  double cpu_per_batch{}, cpu_per_point{};  // s of CPU on the location server
  int store_nodes{};                        // KV store nodes (role 'store')
  int partitions{};                         // of the location topic
  kv_service::KvConfig store;
  log_service::BrokerConfig log;
  log_service::ProducerConfig producer;
  log_service::ConsumerConfig consumer;
};

struct Config {
  GraphConfig graph;
  CostConfig cost;
  EtaConfig eta;
  LocationConfig location;
  EstimateConfig estimate;  // the book's inputs for the estimate.* metrics (estimate.hpp)
  std::string algorithm;  // astar | dijkstra | both
  int k{};                // routes returned: 1 the shortest, > 1 Yen's k shortest loopless
  bool write_paths{};
  int navigation_servers{};
  int workers{};  // searches at once per navigation server (its cores)
};

const ParamTable<Config>& params();

}  // namespace sdsim::maps
