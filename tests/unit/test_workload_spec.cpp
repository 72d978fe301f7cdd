// parse_workload: defaults, every section, and the errors a user can make.
#include <doctest/doctest.h>

#include "sim/workload/workload.hpp"

using namespace sdsim;

namespace {

WorkloadSpec parse(const std::string& yaml, Diagnostics& diags, double top_duration = 0) {
  Doc root = parse_yaml_text(yaml, "s.yaml");
  return parse_workload(root.find("workload"), top_duration, diags);
}

// The messages of a parse that must fail.
std::vector<std::string> errors(const std::string& yaml, double top_duration = 0) {
  Diagnostics diags;
  parse(yaml, diags, top_duration);
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.list()) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("a full workload parses into SI values") {
  Diagnostics diags;
  WorkloadSpec w = parse(
      "workload:\n"
      "  arrival: burst\n"
      "  rate: 2000/s\n"
      "  burst: {rate: 10000/s, every: 10s, length: 1s}\n"
      "  loop: closed\n"
      "  clients: 8\n"
      "  think_time: 5ms\n"
      "  requests: 100000\n"
      "  warmup: 2s\n"
      "  timeout: 1s\n"
      "  retries: 3\n"
      "  backoff: 50ms\n"
      "  keys: {distribution: zipf, count: 5000, s: 1.1}\n",
      diags, 60);
  INFO(diags.str());
  CHECK(diags.ok());
  CHECK(w.arrival == "burst");
  CHECK(w.rate == doctest::Approx(2000));
  CHECK(w.burst_rate == doctest::Approx(10000));
  CHECK(w.burst_every == doctest::Approx(10));
  CHECK(w.burst_length == doctest::Approx(1));
  CHECK(w.loop == "closed");
  CHECK(w.clients == 8);
  CHECK(w.think_time == doctest::Approx(0.005));
  CHECK(w.requests == 100000);
  CHECK(w.duration == doctest::Approx(60));  // from the top level
  CHECK(w.warmup == doctest::Approx(2));
  CHECK(w.timeout == doctest::Approx(1));
  CHECK(w.retries == 3);
  CHECK(w.backoff == doctest::Approx(0.05));
  CHECK(w.keys.distribution == "zipf");
  CHECK(w.keys.count == 5000);
  CHECK(w.keys.zipf_s == doctest::Approx(1.1));
}

TEST_CASE("an absent workload takes defaults when the scenario has a duration") {
  Diagnostics diags;
  WorkloadSpec w = parse("name: x\n", diags, 120);
  CHECK(diags.ok());
  CHECK(w.arrival == "poisson");
  CHECK(w.duration == doctest::Approx(120));
}

TEST_CASE("ramp and hotspot") {
  Diagnostics diags;
  WorkloadSpec w = parse(
      "workload:\n  arrival: ramp\n  rate: 0/s\n  ramp: {to: 500/s, over: 30s}\n"
      "  duration: 60s\n  keys: {distribution: hotspot, hot_fraction: 0.1, hot_share: 0.9}\n",
      diags);
  INFO(diags.str());
  CHECK(diags.ok());
  CHECK(w.rate == 0);
  CHECK(w.ramp_to == doctest::Approx(500));
  CHECK(w.ramp_over == doctest::Approx(30));
  CHECK(w.keys.hot_fraction == doctest::Approx(0.1));
  CHECK(w.keys.hot_share == doctest::Approx(0.9));
}

TEST_CASE("the load must end, and its duration is given once") {
  CHECK(errors("workload:\n  rate: 5/s\n") ==
        std::vector<std::string>{"s.yaml:2:3: error: workload: needs requests: N or duration: T"});
  CHECK(
      errors("workload:\n  duration: 10s\n", 20) ==
      std::vector<std::string>{
          "s.yaml:2:13: error: workload.duration: duration given twice (top level and workload)"});
  CHECK(errors("workload:\n  duration: 10s\n  warmup: 10s\n") ==
        std::vector<std::string>{"s.yaml:3:11: error: workload.warmup: must be shorter than the "
                                 "duration (10 s), got 10 s"});
  CHECK(errors("workload:\n  requests: 5\n").empty());
}

TEST_CASE("workload errors name the key") {
  auto list = errors(
      "workload:\n"
      "  arival: poisson\n"  // 2
      "  rate: 0/s\n"        // 3
      "  loop: half-open\n"  // 4
      "  clients: 0\n"       // 5
      "  retries: 101\n"     // 6
      "  timeout: 5\n"       // 7
      "  duration: 10s\n",
      0);
  REQUIRE(list.size() == 6);
  CHECK(list[0] == "s.yaml:2:3: error: workload.arival: unknown key (did you mean 'arrival'?)");
  CHECK(list[1] == "s.yaml:3:9: error: workload.rate: must be greater than 0, got 0/s");
  CHECK(
      list[2] ==
      "s.yaml:4:9: error: workload.loop: unknown value 'half-open'; expected one of: open, closed");
  CHECK(list[3] == "s.yaml:5:12: error: workload.clients: must be between 1 and 1000000, got 0");
  CHECK(list[4] ==
        "s.yaml:7:12: error: workload.timeout: expected a duration such as 150ms, got '5': missing "
        "unit");
  CHECK(list[5] == "s.yaml:6:12: error: workload.retries: must be between 0 and 100, got 101");
}

TEST_CASE("ramp and burst sections are required by, and only used with, their arrival") {
  CHECK(errors("workload:\n  arrival: ramp\n  duration: 5s\n") ==
        std::vector<std::string>{"s.yaml:2:12: error: workload.ramp: arrival: ramp needs ramp: "
                                 "{to: RATE, over: DURATION}"});
  CHECK(errors("workload:\n  arrival: ramp\n  ramp: {over: 5s}\n  duration: 5s\n") ==
        std::vector<std::string>{"s.yaml:3:9: error: workload.ramp.to: missing required key"});
  CHECK(errors("workload:\n  ramp: {to: 5/s}\n  duration: 5s\n") ==
        std::vector<std::string>{"s.yaml:2:9: error: workload.ramp: only used with arrival: ramp"});
  CHECK(
      errors("workload:\n  arrival: burst\n  burst: {rate: 5/s, every: 1s, length: 2s}\n  "
             "duration: 5s\n") ==
      std::vector<std::string>{
          "s.yaml:3:41: error: workload.burst.length: must be shorter than every (1 s), got 2 s"});
  CHECK(errors("workload:\n  arrival: burst\n  burst: {rate: 5/s}\n  duration: 5s\n").size() == 2);
}

TEST_CASE("key popularity errors") {
  CHECK(errors("workload:\n  requests: 5\n  keys: {distribution: zpif}\n") ==
        std::vector<std::string>{"s.yaml:3:24: error: workload.keys.distribution: unknown value "
                                 "'zpif' (did you mean 'zipf'?)"});
  CHECK(errors("workload:\n  requests: 5\n  keys: {s: 1.2}\n") ==
        std::vector<std::string>{
            "s.yaml:3:13: error: workload.keys.s: only used with distribution: zipf"});
  CHECK(errors("workload:\n  requests: 5\n  keys: {distribution: hotspot, hot_fraction: 1}\n") ==
        std::vector<std::string>{
            "s.yaml:3:47: error: workload.keys.hot_fraction: must be strictly between 0 and 1"});
  CHECK(errors("workload:\n  requests: 5\n  keys: {count: 0}\n").size() == 1);
}
