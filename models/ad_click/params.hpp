// The ad-click aggregation model's parameters: the click stream (ads, popularity, countries,
// arrival delays, client resends), the windows (size, watermark, event or processing time,
// top N), the aggregation service (nodes, partitions, delivery semantics) and the services it
// runs on (the log's brokers and consumer settings, the KV store). Each parameter is declared
// once, in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"
#include "sim/services/kv/kv_config.hpp"
#include "sim/services/log/log_config.hpp"

namespace sdsim::ad_click {

enum class DeliveryMode { at_least_once, exactly_once };
enum class TimeDomain { event, processing };

struct DelayConfig {
  double on_time_max{};  // s: an on-time click arrives uniformly within [0, on_time_max]
  double late_fraction{};
  double late_min{}, late_max{};  // s: a late click arrives uniformly within [late_min, late_max]
};

struct ClicksConfig {
  int ads{};
  double zipf{};
  int countries{};
  int filter_countries{};  // filter ids 1..filter_countries select countries 0..filter_countries-1
  double click_size{};     // B: one click record in the log
  DelayConfig delay;
  double hot_share{};  // fraction of clicks on ad 0 (a hot ad), on top of its Zipf share
  double resend_probability{};
  double resend_delay_max{};  // s after the first delivery
};

struct WindowConfig {
  double size{};       // s: tumbling window
  double watermark{};  // s: allowed lateness (watermark = stream time - watermark)
  TimeDomain time{};
  int top{};          // N of top N
  int top_windows{};  // M: the top N is over the last M windows (a sliding window of M x size)
};

struct AggregationConfig {
  int nodes{};
  int partitions_per_node{};
  DeliveryMode delivery{};
  double row_bytes_per_entry{};  // B per (ad, filter) count in a stored row or a snapshot
  int hot_split{};               // partitions (on distinct nodes) ad 0's clicks are spread over
  double cpu_per_click{};        // s of a node's time to map and count one click record
};

// The book's back-of-the-envelope inputs (estimate.* metrics): 1 billion daily active users,
// 1 click each a day, a peak of 5 times the mean, 0.1 KB per raw click.
struct EstimateConfig {
  double daily_active_users{};
  double clicks_per_user{};
  double peak_factor{};
  double click_size{};  // B
};

struct Config {
  ClicksConfig clicks;
  WindowConfig windows;
  AggregationConfig aggregation;
  log_service::BrokerConfig log;
  log_service::ProducerConfig producer;  // the click collectors' (acks=all, idempotent)
  log_service::ConsumerConfig consumer;
  int store_nodes{};
  kv_service::KvConfig store;
  EstimateConfig estimate;
};

const ParamTable<Config>& params();
Config read_config(const ParamValues& p);

}  // namespace sdsim::ad_click
