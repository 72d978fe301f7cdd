// What the actors of one proximity run share: the configuration, the businesses and their
// index (durable: the database's data survives a crash; the index built from it is rebuilt),
// the service endpoints, and what the searches measured, read after the simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "models/proximity/checker.hpp"
#include "models/proximity/dataset.hpp"
#include "models/proximity/params.hpp"
#include "models/proximity/protocol.hpp"
#include "models/proximity/spatial_index.hpp"
#include "models/proximity/updates.hpp"
#include "sim/net/net.hpp"
#include "sim/services/redis/redis_server.hpp"

namespace sdsim::proximity {

// One search as the LBS answered it, kept until the client's outcome is recorded.
struct SearchOutcome {
  Query query;
  std::uint64_t total = 0, returned = 0;
  storage::geo::SearchWork work;
  std::optional<Accuracy> accuracy;  // when checked
  std::uint64_t cache_hits = 0, cache_misses = 0;
  int index_server = -1;  // the server that answered (the last one, with the cache)
  double served_at = 0, visible_until = 0;  // the answering server's view (no cache)
  std::vector<storage::geo::Hit> page;      // for results.csv
};

struct Experiment {
  Config cfg;
  std::vector<Point> businesses;
  std::vector<Query> query_file;  // queries.source csv
  std::vector<double> radii;      // generated searches draw from these
  std::unique_ptr<SpatialIndex> index;
  std::vector<Endpoint<IndexProtocol>> index_servers;  // [0] the primary, then the read replicas
  std::vector<Endpoint<LbsProtocol>> lbs;
  std::unique_ptr<redis_service::RedisServer> cache;
  double host_speed = 1e9;              // flop/s of an index server, to turn CPU seconds into flops
  std::vector<BusinessUpdate> updates;  // written by the business service, in time order (durable)

  // Measured.
  std::unordered_map<std::uint64_t, SearchOutcome> answered;  // by request id
  std::uint64_t checked = 0;
  double recall_sum = 0, recall_min = 1, precision_sum = 0, precision_min = 1;
  std::uint64_t cache_hits = 0, cache_misses = 0;
  std::uint64_t failovers = 0;        // index calls that got no answer in time and moved on
  std::uint64_t unavailable = 0;      // searches no index server answered
  std::vector<std::uint64_t> served;  // searches (or cell reads) per index server
  std::vector<int> builds;            // index builds per index server
  std::uint64_t stale = 0;            // checked searches missing a write the primary had
  double stale_age_max = 0;           // s: the oldest such write's age when the search read
  double first_build_time = -1;       // s, the first build of index server 0
};

}  // namespace sdsim::proximity
