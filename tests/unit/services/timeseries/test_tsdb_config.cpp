// The time-series database's parameter table: Gorilla's block and in-memory durations
// (Pelkonen et al., VLDB 2015, sections 4 and 4.3: 2-hour blocks, 26 hours in memory),
// Prometheus's millisecond timestamps, WAL on and --query.max-concurrency 20 (Prometheus
// storage and command-line docs), the retention the block's README gives.
#include <doctest/doctest.h>

#include "sim/core/doc.hpp"
#include "sim/services/timeseries/tsdb_config.hpp"

using namespace sdsim;
using namespace sdsim::timeseries_service;

namespace {
TsdbConfig read(const std::string& yaml) {
  Doc doc = parse_yaml_text(yaml, "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, tsdb_params().specs(), "", diags);
  REQUIRE(diags.ok());
  return tsdb_params().read(v);
}
}  // namespace

TEST_CASE("tsdb: defaults are Gorilla's and Prometheus's, and give the block's defaults") {
  const TsdbConfig c = read("{}");
  CHECK(c.wal);
  CHECK(c.query_max_concurrency == 20);
  const auto o = c.options();
  const storage::timeseries::TimeSeriesOptions ref;
  CHECK(o.timestamp_resolution_s == ref.timestamp_resolution_s);
  CHECK(o.block_duration_s == ref.block_duration_s);
  CHECK(o.hot_duration_s == ref.hot_duration_s);
  CHECK(o.raw_retention_s == ref.raw_retention_s);
  REQUIRE(o.rollups.size() == ref.rollups.size());
  for (std::size_t i = 0; i < o.rollups.size(); ++i) {
    CHECK(o.rollups[i].interval_s == ref.rollups[i].interval_s);
    CHECK(o.rollups[i].retention_s == ref.rollups[i].retention_s);
  }
}

TEST_CASE("tsdb: scaled-down settings reach the block; a bad one is refused") {
  const TsdbConfig c = read("{block_duration: 10s, hot_duration: 30s, wal: false}");
  CHECK(c.options().block_duration_s == 10);
  CHECK_FALSE(c.wal);
  Doc doc = parse_yaml_text("{block_duration: 10}", "test");
  Diagnostics diags;
  (void)validate_params(&doc, tsdb_params().specs(), "", diags);
  CHECK_FALSE(diags.ok());  // a bare number where a duration is due
}
