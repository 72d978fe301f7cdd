// The metrics monitoring model's parameters, each declared once in params.cpp's table.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/services/coord/coord_config.hpp"
#include "sim/services/log/log_config.hpp"
#include "sim/services/timeseries/tsdb_config.hpp"

namespace sdsim::metrics_monitoring {

enum class Collection { Pull, Push };
enum class Transport { Reliable, Udp };

struct PushConfig {
  double interval{};  // s between an agent's samples
  Transport transport{};
  double loss{};        // udp: probability a datagram is lost
  int buffer_points{};  // reliable: points an agent holds while unacknowledged
  double timeout{};     // s: reliable push waits this long for the collector's answer
};

struct AlertConfig {
  double for_duration{};         // s: Prometheus `for:`
  double evaluation_interval{};  // s
  double evaluation_offset{};    // s: evaluations at k*interval + offset
  double lookback{};             // s: Prometheus' lookback delta for instant vectors
};

struct DashboardConfig {
  int dashboards{};
  double refresh_interval{};  // s
  double range{};             // s: each panel's time range
  bool rollups{};             // read 1-minute rollups (true) or raw points
  double incident_factor{};   // refresh this many times faster while an alert fires
  bool query_cache{};
  double cache_ttl{};  // s
};

struct ScaleConfig {
  double pools{}, machines_per_pool{}, metrics_per_machine{};
};

struct Config {
  int targets{};
  int series_per_target{};
  int collectors{};
  Collection collection{};
  double scrape_interval{}, scrape_timeout{};  // s
  double collector_lease{};                    // s: a collector's registration TTL
  PushConfig push;
  AlertConfig alert;
  DashboardConfig dashboard;
  ScaleConfig scale;
  log_service::BrokerConfig log;
  timeseries_service::TsdbConfig tsdb;
  log_service::ProducerConfig producer;
  log_service::ConsumerConfig consumer;
  coord::CoordConfig coord;
};

const ParamTable<Config>& params();

}  // namespace sdsim::metrics_monitoring
