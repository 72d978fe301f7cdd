// The NoSQL table's parameter table against DynamoDB's documented figures (Developer Guide:
// per-partition limits of 3,000 RCU and 1,000 WCU, 300 s of burst capacity; a new table gets
// ceil(RCU / 3000 + WCU / 1000) partitions).
#include <doctest/doctest.h>

#include "sim/core/doc.hpp"
#include "sim/services/nosql/nosql_config.hpp"

using namespace sdsim;
using namespace sdsim::nosql_service;

namespace {
NoSqlConfig read(const std::string& yaml) {
  Doc doc = parse_yaml_text(yaml, "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, nosql_params().specs(), "", diags);
  REQUIRE(diags.ok());
  return nosql_params().read(v);
}
}  // namespace

TEST_CASE("nosql service: DynamoDB's defaults") {
  const auto o = read("{}").options();
  CHECK(o.burst_seconds == 300);
  CHECK(o.partition_read_limit == 3000);
  CHECK(o.partition_write_limit == 1000);
  CHECK(o.partition_count() == 2);  // ceil(3000 / 3000 + 1000 / 1000)
  CHECK(read("{partitions: 8, write_capacity: 800/s}").options().partition_count() == 8);
}

TEST_CASE("nosql service: capacities are rates with a unit") {
  Doc doc = parse_yaml_text("{write_capacity: 800}", "test");
  Diagnostics diags;
  (void)validate_params(&doc, nosql_params().specs(), "", diags);
  CHECK_FALSE(diags.ok());
}
