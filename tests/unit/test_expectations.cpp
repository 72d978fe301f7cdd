// The `expect:` block: parsing with units, every operator, unknown metrics.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "sim/scenario/expectations.hpp"

using namespace sdsim;

namespace {

const std::vector<MetricSpec> kMetrics = {
    {"latency.p99", "s", "99th percentile latency"},
    {"messages.lost", "", "messages never delivered"},
    {"goodput", "1/s", "completed requests per second"},
    {"disk.written", "B", "bytes written"},
    {"link.throughput", "B/s", "bytes per second on the link"},
    {"hit_ratio", "", "cache hits / lookups"},
};

std::vector<Expectation> parse(const std::string& yaml, Diagnostics& diags) {
  Doc root = parse_yaml_text(yaml, "s.yaml");
  return parse_expectations(root.find("expect"), kMetrics, diags);
}

// One expectation from one line, expecting no error.
Expectation one(const std::string& metric, const std::string& text) {
  Diagnostics diags;
  auto list = parse("expect:\n  " + metric + ": \"" + text + "\"\n", diags);
  INFO(diags.str());
  REQUIRE(diags.ok());
  REQUIRE(list.size() == 1);
  return list[0];
}

}  // namespace

TEST_CASE("expectations parse in the metric's unit") {
  Expectation lat = one("latency.p99", "< 200ms");
  CHECK(lat.metric == "latency.p99");
  CHECK(lat.op == "<");
  CHECK(lat.value == doctest::Approx(0.2));
  CHECK(lat.text == "< 200ms");
  CHECK(lat.loc.str() == "s.yaml:2:16");

  CHECK(one("goodput", ">= 1000/s").value == doctest::Approx(1000));
  CHECK(one("disk.written", "<= 4KB").value == doctest::Approx(4000));
  CHECK(one("link.throughput", "> 1Gbps").value == doctest::Approx(125e6));
  CHECK(one("messages.lost", "== 0").value == 0);
  CHECK(one("hit_ratio", ">=0.5").value == doctest::Approx(0.5));

  Expectation between = one("latency.p99", "between 4.85s and 5.15s");
  CHECK(between.op == "between");
  CHECK(between.value == doctest::Approx(4.85));
  CHECK(between.value2 == doctest::Approx(5.15));
}

TEST_CASE("absent or empty expect: means no expectations") {
  Diagnostics diags;
  CHECK(parse("name: x\n", diags).empty());
  CHECK(parse("expect:\n", diags).empty());
  CHECK(diags.ok());
}

TEST_CASE("every operator evaluates") {
  CHECK(evaluate(one("messages.lost", "== 0"), 0));
  CHECK_FALSE(evaluate(one("messages.lost", "== 0"), 1));
  CHECK(evaluate(one("latency.p99", "== 300ms"), 0.1 + 0.2));  // within 1e-9 relative
  CHECK(evaluate(one("messages.lost", "!= 0"), 3));
  CHECK_FALSE(evaluate(one("latency.p99", "!= 300ms"), 0.1 + 0.2));
  CHECK(evaluate(one("latency.p99", "< 200ms"), 0.199));
  CHECK_FALSE(evaluate(one("latency.p99", "< 200ms"), 0.2));
  CHECK(evaluate(one("latency.p99", "<= 200ms"), 0.2));
  CHECK_FALSE(evaluate(one("latency.p99", "<= 200ms"), 0.201));
  CHECK(evaluate(one("goodput", "> 10/s"), 10.5));
  CHECK_FALSE(evaluate(one("goodput", "> 10/s"), 10));
  CHECK(evaluate(one("goodput", ">= 10/s"), 10));
  CHECK_FALSE(evaluate(one("goodput", ">= 10/s"), 9.9));
  Expectation window = one("latency.p99", "between 4.85s and 5.15s");
  CHECK(evaluate(window, 4.85));
  CHECK(evaluate(window, 5.0));
  CHECK(evaluate(window, 5.15));
  CHECK_FALSE(evaluate(window, 4.84));
  CHECK_FALSE(evaluate(window, 5.16));
  CHECK_FALSE(evaluate(one("messages.lost", "!= 0"), std::nan("")));
}

TEST_CASE("describe_expectation speaks the metric's unit") {
  CHECK(describe_expectation(one("latency.p99", "<200ms")) == "< 200 ms");
  CHECK(describe_expectation(one("messages.lost", "== 0")) == "== 0");
  CHECK(describe_expectation(one("hit_ratio", ">= 0.5")) == ">= 0.5");
  CHECK(describe_expectation(one("latency.p99", "between 4.85s and 5.15s")) ==
        "between 4.85 s and 5.15 s");
  CHECK(describe_expectation(one("goodput", ">= 2000/s")) == ">= 2000/s");
}

TEST_CASE("expectation errors") {
  Diagnostics diags;
  parse(
      "expect:\n"
      "  latency.p90: \"< 200ms\"\n"        // 2: unknown metric with a suggestion
      "  queue.depth: \"< 5\"\n"            // 3: unknown metric without one
      "  latency.p99: \"< 200\"\n"          // 4: missing unit
      "  messages.lost: \"== 0ms\"\n"       // 5: unit on a count
      "  goodput: \"< 5s\"\n"               // 6: wrong dimension
      "  hit_ratio: \"0.5\"\n"              // 7: no operator
      "  disk.written: \"between 1KB\"\n",  // 8: between without and
      diags);
  REQUIRE(diags.list().size() == 7);
  CHECK(diags.list()[0].str() ==
        "s.yaml:2:3: error: expect.latency.p90: unknown metric: the model does not declare it "
        "(did you mean 'latency.p99'?)");
  CHECK(diags.list()[1].message ==
        "unknown metric: the model does not declare it (`sdsim describe` lists its metrics)");
  CHECK(diags.list()[2].str() ==
        "s.yaml:4:16: error: expect.latency.p99: expected a duration such as 150ms, got '200': "
        "missing unit");
  CHECK(diags.list()[3].message ==
        "expected a plain number (messages.lost has no unit), got '0ms'");
  CHECK(diags.list()[4].message.starts_with(
      "expected a rate such as 2000/s, got '5s': unknown unit 's' for a rate"));
  CHECK(diags.list()[5].message ==
        "expected a comparison such as \"< 200ms\", \"== 0\" or \"between 1s and 2s\", got '0.5'");
  CHECK(diags.list()[6].message == "expected \"between LOW and HIGH\", got 'between 1KB'");

  Diagnostics order;
  parse("expect:\n  latency.p99: between 2s and 1s\n", order);
  REQUIRE(order.list().size() == 1);
  CHECK(order.list()[0].message ==
        "the lower bound of 'between' comes first, got 'between 2s and 1s'");
}

TEST_CASE("a metric with an unknown unit is a bug in the model") {
  Diagnostics diags;
  Doc root = parse_yaml_text("expect:\n  x: \"< 5\"\n", "s.yaml");
  CHECK_THROWS_AS(parse_expectations(root.find("expect"), {{"x", "ms", ""}}, diags),
                  std::logic_error);
}
