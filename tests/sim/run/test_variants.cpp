// Comparing configurations in one scenario: `variants:` runs each variant with the same seed
// into OUT/<variant>/, and OUT/summary.json holds VARIANT.METRIC and the expectations across
// them; bad variants are input errors before anything runs.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

namespace {

const std::string kBase = R"(name: var
model: queueing
params: {service: {distribution: deterministic, mean: 100ms}}
workload: {arrival: poisson, rate: 5/s, requests: 3000}
)";

simt::Result run_in(const simt::TempDir& dir, const std::string& yaml, const std::string& out = "out") {
  simt::write_file(dir / "scn.yaml", yaml);
  return simt::sdsim({"run", "scn.yaml", "--out", out, "--quiet"}, dir.path());
}

}  // namespace

TEST_CASE("variants: each variant runs with the same seed; metrics and checks across them") {
  simt::TempDir dir("sdsim-simt-var");
  const auto r = run_in(dir, kBase + R"(variants:
  slow: {params.service.mean: 150ms}
  fast: {params.service.mean: 50ms}
expect:
  utilization: "> 0.2"
  fast.latency.mean: "< 0.5 * slow.latency.mean"
  slow.utilization: between 2.5 * fast.utilization and 3.5 * fast.utilization
)");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out/summary.json");
  CHECK(s["metrics"].contains("slow.latency.mean"));
  CHECK(s["metrics"].contains("fast.wait.mean"));
  CHECK(s["expectations"].size() == 2);  // the two across variants; utilization is each variant's
  const auto slow = simt::read_json(dir / "out/slow/summary.json");
  const auto fast = simt::read_json(dir / "out/fast/summary.json");
  CHECK(slow["seed"] == fast["seed"]);
  CHECK(slow["manifest"]["variant"] == "slow");
  CHECK(slow["expectations"][0]["metric"] == "utilization");
  CHECK(s["metrics"]["slow.latency.mean"] == slow["metrics"]["latency.mean"]);
  // Same seed, same bytes, for the whole experiment.
  const auto again = run_in(dir, simt::read_file(dir / "scn.yaml"), "out2");
  REQUIRE(again.exit_code == 0);
  auto a = simt::read_json(dir / "out/summary.json"), b = simt::read_json(dir / "out2/summary.json");
  a.erase("wall_time");
  b.erase("wall_time");
  CHECK(a == b);
}

TEST_CASE("variants: a failed comparison across variants is exit 1, the outputs kept") {
  simt::TempDir dir("sdsim-simt-var");
  const auto r = run_in(dir, kBase + R"(variants:
  slow: {params.service.mean: 150ms}
  fast: {params.service.mean: 50ms}
expect:
  slow.latency.mean: "< fast.latency.mean"
)");
  CHECK(r.exit_code == 1);
  const auto s = simt::read_json(dir / "out/summary.json");
  CHECK(s["expectations"][0]["ok"] == false);
  CHECK(simt::fs::exists(dir / "out/fast/requests.csv"));
}

TEST_CASE("variants: a plain expectation that fails inside one variant is exit 1 and named") {
  // utilization is checked in each variant's own run: slow (0.75) passes, fast (0.25) fails.
  simt::TempDir dir("sdsim-simt-var");
  simt::write_file(dir / "scn.yaml", kBase + R"(variants:
  slow: {params.service.mean: 150ms}
  fast: {params.service.mean: 50ms}
expect:
  utilization: "> 0.5"
  fast.latency.mean: "< slow.latency.mean"
)");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out"}, dir.path());
  CHECK(r.exit_code == 1);
  INFO(r.out);
  CHECK(r.out.find("expectations across variants: 1 passed, 0 failed") != std::string::npos);
  CHECK(r.out.find("variant fast: 1 of its 1 own expectations FAILED: utilization") != std::string::npos);
  CHECK(r.out.find("variant slow:") == std::string::npos);
}

TEST_CASE("variants: bad variants are located input errors, and nothing runs") {
  struct Case {
    std::string variants, expect, message;
  };
  const Case cases[] = {
      {"  a.b: {params.servers: 2}\n", "", "scn.yaml:6:3: error: variants.a.b: a variant's name is lowercase"},
      {"  one: {params.servers: 0}\n  two: {params.servers: 2}\n", "",
       "scn.yaml:6:25: error: params.servers: must be between 1 and 100000, got 0"},
      {"  one: {params.servers: 1}\n", "expect:\n  one.wait.maen: \"< 1s\"\n",
       "error: expect.one.wait.maen: unknown metric"},
      {"  one: {params.servers: 1}\n", "expect:\n  one.wait.mean: \"< two.wait.mean\"\n",
       "'two.wait.mean' is no metric of this scenario"},
      {"  one: {params.servers: 1}\n", "expect:\n  one.wait.mean: \"< one.utilization\"\n",
       "compares one.wait.mean (s) with one.utilization (no unit)"},
      {"  one: servers\n", "", "scn.yaml:6:8: error: variants.one: expected a map of key.path: value"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    simt::TempDir dir("sdsim-simt-var");
    const auto r = run_in(dir, kBase + "variants:\n" + c.variants + c.expect);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(simt::fs::exists(dir / "out"));
  }
}
