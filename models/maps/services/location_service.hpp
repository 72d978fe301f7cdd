// The location service's actors (location.enabled; README.md, "Location service"):
//   location users      on the client hosts: drive random routes, record a GPS point every
//                       gps_interval, send a batch every batch_interval (location_user.cpp)
//   location servers    write each batch to the KV store at write_consistency, publish its
//                       event on the log, acknowledge (location_server.cpp)
//   history readers     one per location server host: read recently acknowledged batches at
//                       read_consistency; a read that misses its batch is stale
//                       (location_server.cpp)
//   traffic consumer    the log's consumer group "traffic": applies each event's points to
//                       per-arc speed estimates (traffic_consumer.cpp)
#pragma once

#include <memory>

#include "models/maps/experiment.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::maps {

void start_location_servers(RunContext& ctx, const std::shared_ptr<Experiment>& e);
void start_history_readers(RunContext& ctx, const std::shared_ptr<Experiment>& e);
void start_location_users(RunContext& ctx, const std::shared_ptr<Experiment>& e);
void start_traffic_consumer(RunContext& ctx, const std::shared_ptr<Experiment>& e);

}  // namespace sdsim::maps
