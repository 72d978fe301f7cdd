// The external endpoint's settings: defaults, and the outage schedule's notation
// (START+DURATION, comma-separated, in order, not overlapping) with a clear refusal of
// anything else.
#include <doctest/doctest.h>

#include <stdexcept>

#include "sim/core/doc.hpp"
#include "sim/services/external/external_config.hpp"

using namespace sdsim;
using namespace sdsim::external_service;

TEST_CASE("external endpoint: defaults") {
  Doc doc = parse_yaml_text("{}", "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, external_params().specs(), "", diags);
  INFO(diags.str());
  REQUIRE(diags.ok());
  const ExternalConfig c = external_params().read(v);
  CHECK(c.latency_mean == doctest::Approx(0.05));
  CHECK(c.latency_cv == 0.5);
  CHECK(c.failure_rate == 0.01);
  CHECK(c.timeout_rate == 0.001);
  CHECK(c.outage_mode == OutageMode::refuse);
  CHECK(c.outage_windows().empty());
}

TEST_CASE("external endpoint: outages are START+DURATION items") {
  CHECK(ExternalConfig::parse_outages("120s+30s, 10m+1m") ==
        std::vector<Outage>{{120, 150}, {600, 660}});
  CHECK(ExternalConfig::parse_outages("  ").empty());
  CHECK(ExternalConfig::parse_outages("none").empty());
  CHECK(ExternalConfig::parse_outages("1h+500ms") == std::vector<Outage>{{3600, 3600.5}});
  for (const char* bad : {"120s", "10s+0s", "10s+20s, 20s+1s", "abc+1s", "10+1s", "10s+1s,",
                          ",10s+1s", "10s+1s,,20s+1s"})
    CHECK_THROWS_AS(ExternalConfig::parse_outages(bad), std::invalid_argument);
}
