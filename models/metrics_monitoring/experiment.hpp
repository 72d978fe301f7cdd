// What the metrics monitoring run's actors share: the configuration, the building blocks it
// composes (the coordination service for discovery and collector membership, the log service
// between collectors and the store, the time-series database), the series, the payloads of
// the records in the log, and what the checkers and metrics read at the end.
//
// Records in the log carry an id (the log service's RecordId); the samples of each record
// live in `payloads` until the ingester has committed past it, as a message's body would.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/metrics_monitoring/alert_rule.hpp"
#include "models/metrics_monitoring/checker.hpp"
#include "models/metrics_monitoring/params.hpp"
#include "models/metrics_monitoring/protocol.hpp"
#include "sim/coord/coord_cluster.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/services/log/log_cluster.hpp"
#include "sim/services/timeseries/tsdb_node.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::metrics_monitoring {

using log_service::RecordId;
using storage::timeseries::SeriesKey;

struct Counters {
  std::uint64_t scrapes = 0, scrapes_failed = 0;  // pull
  std::uint64_t pushes = 0, pushes_failed = 0;    // push: datagrams or requests
  std::uint64_t agent_dropped = 0;                // push: samples a full agent buffer refused
  std::uint64_t udp_lost = 0;                     // push udp: samples in lost datagrams
  std::uint64_t produce_failed = 0;               // samples in batches the log refused
  std::uint64_t points_rejected = 0;              // the store refused them (out of order)
  std::uint64_t evaluations = 0, evaluations_failed = 0;
  std::uint64_t queries = 0, cache_hits = 0, points_read = 0, windows_read = 0;
  double max_queue_lag = 0;  // records
};

struct Experiment {
  Experiment(const Config& cfg, RunContext& ctx);
  Config cfg;
  RunContext& ctx;
  coord::CoordCluster coord;
  log_service::LogCluster log;
  std::optional<timeseries_service::TsdbNode> tsdb;
  const log_service::Topic* topic = nullptr;
  int ingest_group = 0;

  // Series: per target, its `up` series (pull) and its gauges, by index.
  std::vector<SeriesKey> series;
  std::vector<std::uint32_t> up_series;                  // by target
  std::vector<std::vector<std::uint32_t>> gauge_series;  // by target
  std::vector<std::string> target_names;                 // the instance label
  std::vector<Endpoint<TargetProtocol>> targets;
  std::vector<Endpoint<CollectorProtocol>> collectors;
  std::vector<std::string> collector_names;
  Endpoint<FrontendProtocol> frontend;

  std::unordered_map<RecordId, std::vector<Sample>> payloads;
  RecordId next_record = 1;
  std::vector<std::vector<double>> taken;  // by series: sample times that entered the pipeline

  AlertRule rule;
  std::vector<AlertTransition> transitions;
  int firing = 0;  // alerts firing now (dashboards refresh faster meanwhile)
  std::map<std::string, std::vector<FaultInterval>> faults;  // by instance

  Counters counters;
  LatencyHistogram query_latency;  // s, at the dashboard
  std::uint64_t load_scrape_rounds = 0;

  // The gauge's value at time t (deterministic: the same in pull and push).
  double value(int target, int gauge, double t) const;
  RecordId add_record(std::vector<Sample> samples);
};

}  // namespace sdsim::metrics_monitoring
