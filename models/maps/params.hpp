// The maps model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "models/maps/estimate.hpp"
#include "sim/core/param_table.hpp"

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

struct Config {
  GraphConfig graph;
  CostConfig cost;
  EtaConfig eta;
  EstimateConfig estimate;  // the book's inputs for the estimate.* metrics (estimate.hpp)
  std::string algorithm;  // astar | dijkstra | both
  int k{};                // routes returned: 1 the shortest, > 1 Yen's k shortest loopless
  bool write_paths{};
  int navigation_servers{};
  int workers{};  // searches at once per navigation server (its cores)
};

const ParamTable<Config>& params();

}  // namespace sdsim::maps
