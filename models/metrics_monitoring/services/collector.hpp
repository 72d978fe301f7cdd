// A collector (role 'collector'): registers itself in the coordination service under a lease
// it keeps alive, and writes what it collects to the log (sim/services/log) through a
// producer, one record per scrape or per pushed batch.
//   pull: every scrape_interval (on the grid k * scrape_interval) it reads the live
//         collectors and the registered targets, scrapes the targets consistent hashing gives
//         it, all at once, each with scrape_timeout, and writes each target's gauges with
//         up = 1, or up = 0 alone for a failed scrape (Prometheus's `up`), stamped with the
//         scrape's start;
//   push: it takes agents' batches and acknowledges each once the log acknowledged its
//         record (so an agent keeps what a crash of the collector loses).
// Volatile: the records waiting for the log and the scrapes in flight: a crash loses them
// (pull) or leaves them to the agents' buffers (push, reliable).
#pragma once

#include "models/metrics_monitoring/experiment.hpp"

namespace sdsim::metrics_monitoring {

void start_collector(Experiment& x, int collector);

}  // namespace sdsim::metrics_monitoring
