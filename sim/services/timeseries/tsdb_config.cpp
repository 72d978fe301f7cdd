#include "sim/services/timeseries/tsdb_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::timeseries_service {

storage::timeseries::TimeSeriesOptions TsdbConfig::options() const {
  storage::timeseries::TimeSeriesOptions o;
  o.timestamp_resolution_s = timestamp_resolution;
  o.block_duration_s = block_duration;
  o.hot_duration_s = hot_duration;
  o.raw_retention_s = raw_retention;
  o.rollups = {{rollup_fine_interval, rollup_fine_retention},
               {rollup_coarse_interval, rollup_coarse_retention}};
  o.validate();
  return o;
}

const ParamTable<TsdbConfig>& tsdb_params() {
  static const ParamTable<TsdbConfig> t = [] {
    ParamTable<TsdbCosts> c;
    c.duration("cpu_per_point_appended", &TsdbCosts::cpu_per_point_appended, "50ns",
               "CPU of appending one point (Gorilla encoding, rollup updates)")
        .duration("cpu_per_point_decoded", &TsdbCosts::cpu_per_point_decoded, "30ns",
                  "CPU of decoding one point (Gorilla: about 10^8 points/s per core)")
        .duration("cpu_per_window_read", &TsdbCosts::cpu_per_window_read, "50ns",
                  "CPU of reading one rollup window")
        .duration("cpu_per_query", &TsdbCosts::cpu_per_query, "50us", "fixed CPU of a query")
        .bandwidth("memory_bandwidth", &TsdbCosts::memory_bandwidth, "10GB/s",
                   "rate of reading hot (in-memory) bytes", 1)
        .duration("disk_seek", &TsdbCosts::disk_seek, "100us",
                  "latency before reading one cold block (SSD)")
        .size("wal_bytes_per_point", &TsdbCosts::wal_bytes_per_point, "16B",
              "WAL bytes per point (series ref, time, value)");
    ParamTable<TsdbConfig> p;
    p.duration("timestamp_resolution", &TsdbConfig::timestamp_resolution, "1ms",
               "timestamp tick (Prometheus: 1 ms)", 1e-9)
        .duration("block_duration", &TsdbConfig::block_duration, "2h",
                  "Gorilla block; the head is cut and persisted at each multiple of it (Gorilla, "
                  "Prometheus)",
                  0.001)
        .duration("hot_duration", &TsdbConfig::hot_duration, "26h",
                  "closed blocks younger than this stay in memory (Gorilla)")
        .duration("raw_retention", &TsdbConfig::raw_retention, "7d",
                  "raw points are dropped after this", 0.001)
        .duration("rollup_fine_interval", &TsdbConfig::rollup_fine_interval, "1m",
                  "the fine rollup's window", 0.001)
        .duration("rollup_fine_retention", &TsdbConfig::rollup_fine_retention, "30d",
                  "the fine rollup's retention", 0.001)
        .duration("rollup_coarse_interval", &TsdbConfig::rollup_coarse_interval, "1h",
                  "the coarse rollup's window", 0.001)
        .duration("rollup_coarse_retention", &TsdbConfig::rollup_coarse_retention, "365d",
                  "the coarse rollup's retention", 0.001)
        .flag("wal", &TsdbConfig::wal, "true",
              "write-ahead log: appends are acknowledged after their WAL write, and a crash loses "
              "nothing acknowledged "
              "(Prometheus default); off: a crash loses the head (points since the last block cut)")
        .duration("advance_interval", &TsdbConfig::advance_interval, "1m",
                  "time between passes that apply retention and move old blocks to the cold tier",
                  0.001)
        .integer("ingest_threads", &TsdbConfig::ingest_threads, "4",
                 "actors applying append batches", 1, 1024)
        .integer("query_max_concurrency", &TsdbConfig::query_max_concurrency, "20",
                 "queries served at once (Prometheus --query.max-concurrency)", 1, 1024)
        .group("costs", "what the database's work costs", &TsdbConfig::costs, c);
    return p;
  }();
  return t;
}

}  // namespace sdsim::timeseries_service

// `sdsim describe service timeseries`
static const sdsim::ServiceParamsRegistration timeseries_registration{
    "timeseries", "time-series database, Gorilla/Prometheus-like (sim/services/timeseries)",
    &sdsim::timeseries_service::tsdb_params};
