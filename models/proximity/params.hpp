// The proximity model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"
#include "sim/services/redis/redis_config.hpp"

namespace sdsim::proximity {

struct BusinessConfig {
  std::string source;        // generated | csv
  std::string file;          // csv: id,lat,lon (relative to the scenario file)
  long long count{};         // generated
  std::string distribution;  // uniform | clustered
  int cities{};              // clustered: Gaussian centres, uniform in the region
  double city_spread_km{};   // clustered: standard deviation of each city, km
  double lat{}, lon{};       // the region's centre, degrees
  double region_km{};        // the region's side, km (a square on the ground)
};

struct QueryConfig {
  std::string source;  // generated | csv
  std::string file;    // csv: id,lat,lon,radius (radius with a unit: 500m, 2km)
  std::string radii;   // generated: the radii drawn from, e.g. "500m, 1km, 2km, 5km, 20km"
  double jitter_km{};  // generated: a query lands this far (s.d.) from a business
  int page_size{};     // results returned at most, nearest first
};

struct IndexConfig {
  std::string kind;            // brute | grid | geohash | quadtree
  double grid_cell_km{};       // grid
  std::string geohash_search;  // cover | neighbours | cell
  int leaf_capacity{};         // quadtree
};

struct CostConfig {
  double per_query{};       // s of CPU on the index server per search
  double per_cell{};        // s per cell or node visited
  double per_point{};       // s per distance computed
  double per_build_step{};  // s per point placed (per level for the quadtree) at build
  double lbs_per_query{};   // s of CPU on a location-based-service server per search
};

struct ScaleConfig {
  double daily_active_users{};
  double searches_per_user{};  // per day
  double businesses{};
};

struct CacheConfig {
  bool enabled{};
  double ttl{};  // s
  redis_service::RedisConfig redis;
};

struct Config {
  BusinessConfig businesses;
  QueryConfig queries;
  IndexConfig index;
  CostConfig cost;
  CacheConfig cache;
  ScaleConfig scale;
  int lbs_servers{};
  int read_replicas{};
  int index_workers{};
  double replica_timeout{};  // s before the LBS tries another replica
  bool write_results{};
  int check_every{};         // recall/precision checked on every n-th query
  double update_rate{};      // 1/s: business moves written by the business service
  double replication_lag{};  // s before a write reaches the read replicas
};

const ParamTable<Config>& params();

}  // namespace sdsim::proximity
