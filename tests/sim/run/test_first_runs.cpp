// What a first scenario meets: defaults that give a stable run, documented in `sdsim describe`;
// a warning (or, on request, an input error) before a run that would write more than
// output.max_size; and a progress line with an ETA on a terminal, and only there.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

namespace {

double metric(const simt::fs::path& out, const std::string& name) {
  return simt::read_json(out / "summary.json")["metrics"][name].get<double>();
}

// The bytes of a run's files (its CSVs and summary), as the size guard counts them.
double written(const simt::fs::path& out) {
  double bytes = 0;
  for (const char* f : {"requests.csv", "timeseries.csv", "events.csv", "summary.json"})
    if (simt::fs::exists(out / f)) bytes += double(simt::fs::file_size(out / f));
  return bytes;
}

}  // namespace

TEST_CASE("first runs: only `model: queueing` and a duration is a stable M/M/1 at half load") {
  simt::TempDir dir("sdsim-simt-first");
  simt::write_file(dir / "scn.yaml", "model: queueing\nduration: 600s\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // 10/s on one server with 50 ms service: rho = 0.5, every request answered within the drain.
  CHECK(metric(dir / "out", "utilization") == doctest::Approx(0.5).epsilon(0.1));
  CHECK(metric(dir / "out", "requests.failed") == 0);
  CHECK(metric(dir / "out", "littles_law.ratio") == doctest::Approx(1.0).epsilon(0.05));
  // M/M/1: Wq = rho / (mu - lambda) = 0.5 / (20/s - 10/s) = 50 ms, computed by the model too.
  CHECK(metric(dir / "out", "theory.wait.mean") == doctest::Approx(0.05));
  CHECK(metric(dir / "out", "wait.mean") == doctest::Approx(0.05).epsilon(0.3));
}

TEST_CASE("first runs: the other models' minimal scenarios run clean") {
  for (const std::string model : {"message_queue", "object_store"}) {
    CAPTURE(model);
    simt::TempDir dir("sdsim-simt-first");
    simt::write_file(dir / "scn.yaml", "model: " + model + "\nduration: 60s\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(metric(dir / "out", "requests.completed") > 0);
    CHECK(metric(dir / "out", "requests.failed") == 0);
    CHECK(r.err.empty());  // no warning either
  }
}

TEST_CASE("first runs: every default a minimal scenario uses is in sdsim describe") {
  const auto q = simt::sdsim({"describe", "queueing"});
  REQUIRE(q.exit_code == 0);
  CHECK(q.out.find("service.mean") != std::string::npos);
  CHECK(q.out.find("50ms") != std::string::npos);
  CHECK(q.out.find("workload.drain, 60 s by default") != std::string::npos);
  const auto w = simt::sdsim({"describe", "workload"});
  REQUIRE(w.exit_code == 0);
  CHECK(w.out.find("Poisson arrivals at 10/s from one open-loop client") != std::string::npos);
  // One entry per registered model (each helper's new model adds its own): check these three.
  CHECK(w.out.find("workload.drain by model: ") != std::string::npos);
  for (const char* entry : {"message_queue 20 s", "object_store 2 min", "queueing 60 s"})
    CHECK(w.out.find(entry) != std::string::npos);
  const auto o = simt::sdsim({"describe", "output"});
  REQUIRE(o.exit_code == 0);
  CHECK(o.out.find("max_size") != std::string::npos);
  CHECK(o.out.find("1GiB") != std::string::npos);
  CHECK(o.out.find("over_max_size") != std::string::npos);
}

TEST_CASE(
    "output size: a run that would write more than output.max_size is warned, before it runs") {
  simt::TempDir dir("sdsim-simt-size");
  // 20 million requests: about 1.6 GB of requests.csv.
  simt::write_file(dir / "big.yaml",
                   "model: queueing\nworkload: {rate: 1000/s, requests: 20000000}\n"
                   "params: {servers: 100}\n");
  const auto v = simt::sdsim({"validate", "big.yaml"}, dir.path());
  CHECK(v.exit_code == 0);
  CHECK(v.err.find("big.yaml: warning: this run would write about") != std::string::npos);
  CHECK(v.err.find("requests.csv ~2e+07 rows") != std::string::npos);
  CHECK(v.err.find("output.max_size (1.074 GB)") != std::string::npos);
  CHECK(v.err.find("output.requests: false") != std::string::npos);
  // Without requests.csv, or with a larger limit, or with the check off: no warning.
  for (const std::string set :
       {"output.requests=false", "output.max_size=4GiB", "output.max_size=0B"}) {
    CAPTURE(set);
    const auto ok = simt::sdsim({"validate", "big.yaml", "--set", set}, dir.path());
    CHECK(ok.exit_code == 0);
    CHECK(ok.err.empty());
  }
  // On request, an input error at the key: exit 2, nothing run or written.
  simt::write_file(dir / "strict.yaml",
                   "model: queueing\nworkload: {rate: 1000/s, requests: 20000000}\n"
                   "params: {servers: 100}\noutput:\n  max_size: 100MB\n  over_max_size: error\n");
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"validate", "strict.yaml"},
        std::vector<std::string>{"run", "strict.yaml", "--out", "out"}}) {
    const auto e = simt::sdsim(cmd, dir.path());
    CAPTURE(cmd[0]);
    CHECK(e.exit_code == 2);
    CHECK(e.err.find("strict.yaml:5:13: error: output.max_size: this run would write about") !=
          std::string::npos);
    CHECK_FALSE(simt::fs::exists(dir / "out"));
  }
}

TEST_CASE("output size: the estimate is within a factor 2 of what runs write") {
  const struct {
    std::string name, yaml;
  } cases[] = {
      {"queueing, requests", "model: queueing\nworkload: {rate: 50/s, requests: 30000}\n"},
      {"queueing, duration, fine time series",
       "model: queueing\nduration: 300s\noutput: {interval: 10ms}\nparams: {servers: 2}\n"},
      {"message_queue", "model: message_queue\nduration: 60s\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    simt::TempDir dir("sdsim-simt-size");
    simt::write_file(dir / "scn.yaml", c.yaml);
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    REQUIRE(r.exit_code == 0);
    const double bytes = written(dir / "out");
    CAPTURE(bytes);
    const auto under = simt::sdsim({"validate", "scn.yaml", "--set",
                                    "output.max_size=" + std::to_string(long(bytes * 2)) + "B"},
                                   dir.path());
    CHECK(under.err.find("warning") == std::string::npos);
    const auto over = simt::sdsim({"validate", "scn.yaml", "--set",
                                   "output.max_size=" + std::to_string(long(bytes / 2)) + "B"},
                                  dir.path());
    CHECK(over.err.find("warning: this run would write about") != std::string::npos);
  }
}

TEST_CASE("progress: a single run shows an ETA on a terminal, and nothing when stderr is not one") {
  simt::TempDir dir("sdsim-simt-progress");
  simt::write_file(dir / "scn.yaml",
                   "model: queueing\nparams: {servers: 10, service: {mean: 1s}}\n"
                   "workload: {rate: 8/s, requests: 200000}\noutput: {requests: false}\n");
  // Not a terminal (a pipe): no progress line at all.
  const auto piped = simt::sdsim({"run", "scn.yaml", "--out", "piped"}, dir.path());
  REQUIRE(piped.exit_code == 0);
  CHECK(piped.err.find("ETA") == std::string::npos);
  CHECK(piped.err.find('\r') == std::string::npos);
  // A terminal: script(1) gives the run a pseudo-terminal and records what it shows.
  const std::string cmd = std::string(SDSIM_BIN) + " run scn.yaml --out tty";
  const auto tty = simt::run({"/usr/bin/script", "-qefc", cmd, "/dev/null"}, dir.path(), 300);
  INFO(tty.out);
  REQUIRE(tty.exit_code == 0);
  CHECK(tty.out.find("simulated, ") != std::string::npos);
  CHECK(tty.out.find(", ETA ") != std::string::npos);
  CHECK(tty.out.find(" of 6.944 h simulated") !=
        std::string::npos);  // the load's end: 200000 / (8/s)
  // --quiet: nothing on the terminal.
  const auto quiet =
      simt::run({"/usr/bin/script", "-qefc", cmd + "-quiet --quiet", "/dev/null"}, dir.path(), 300);
  REQUIRE(quiet.exit_code == 0);
  CHECK(quiet.out.find("ETA") == std::string::npos);
}
