// The time-series database's settings: the block's options (Gorilla's 2-hour blocks and
// 26 hours in memory; retention 7 days raw, 1-minute rollups 30 days, 1-hour rollups 1 year),
// its write-ahead log (on by default, as Prometheus's), how often it moves time on, its
// threads, and the cost model.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/storage/timeseries/options.hpp"

namespace sdsim::timeseries_service {

struct TsdbCosts {
  double cpu_per_point_appended{};  // s: Gorilla encoding and two rollup updates
  double cpu_per_point_decoded{};   // s
  double cpu_per_window_read{};     // s: one stored rollup window
  double cpu_per_query{};           // s: parsing, series lookup, collecting
  double memory_bandwidth{};        // B/s: hot bytes read
  double disk_seek{};               // s before each cold block read
  double wal_bytes_per_point{};     // B written to the WAL per point
};

struct TsdbConfig {
  double timestamp_resolution{};                               // s
  double block_duration{};                                     // s
  double hot_duration{};                                       // s
  double raw_retention{};                                      // s
  double rollup_fine_interval{}, rollup_fine_retention{};      // s
  double rollup_coarse_interval{}, rollup_coarse_retention{};  // s
  bool wal{};
  double advance_interval{};  // s between retention and tiering passes
  int ingest_threads{}, query_max_concurrency{};
  TsdbCosts costs;

  storage::timeseries::TimeSeriesOptions options() const;  // throws std::invalid_argument
};

const ParamTable<TsdbConfig>& tsdb_params();

}  // namespace sdsim::timeseries_service
