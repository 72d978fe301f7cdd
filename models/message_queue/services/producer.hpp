// A producer application (one per 'producer' host): creates messages at the workload's arrival
// times and hands them to the log's producer client; the ledger hears what became of each
// (requests.csv gets one row per message: start = creation, end = its outcome).
#pragma once

#include "models/message_queue/experiment.hpp"

namespace sdsim::message_queue {

void start_producer(Experiment& x, int index);

}  // namespace sdsim::message_queue
