// A run never loses a user's data and never leaves a finished-looking folder it did not
// finish: a failed write (a full disk, a file size limit) is exit 3 with the file and the
// cause; Ctrl-C and SIGTERM are exit 130 and 143 with the staging folder removed; leftovers
// of killed runs are cleaned; only sdsim's own folders are ever replaced.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "cli.hpp"

namespace {

const std::string kLong = R"(name: long
model: queueing
params: {servers: 10, service: {distribution: exponential, mean: 1s}}
workload: {arrival: poisson, rate: 8/s, requests: 5000000}
)";

bool any_partial(const simt::fs::path& dir) {
  for (const auto& p : simt::list_tree(dir))
    if (p.find(".partial-") != std::string::npos) return true;
  return false;
}

// Starts `sdsim run` in `dir`, sends `sig` after `after`, returns the exit status.
int interrupted_run(const simt::fs::path& dir, int sig, std::chrono::milliseconds after) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(99);
    ::execl(SDSIM_BIN, SDSIM_BIN, "run", "scn.yaml", "--out", "out", "--quiet", static_cast<char*>(nullptr));
    ::_exit(98);
  }
  std::this_thread::sleep_for(after);
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("safe runs: a failed write is exit 3 naming the file, and nothing finished-looking is left") {
  simt::TempDir dir("sdsim-simt-safe");
  simt::write_file(dir / "scn.yaml", kLong);
  // 200 KB at most per file: requests.csv outgrows it (the shell's ulimit -f counts 1 KiB blocks).
  const auto r = simt::run({"/bin/bash", "-c", std::string("ulimit -f 200; exec ") + SDSIM_BIN +
                                                   " run scn.yaml --out out --quiet --set workload.requests=20000"},
                           dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("requests.csv: File too large") != std::string::npos);
  CHECK_FALSE(simt::fs::exists(dir / "out"));
  CHECK_FALSE(any_partial(dir.path()));
}

TEST_CASE("safe runs: Ctrl-C and SIGTERM end a run with 130 and 143, and remove its staging folder") {
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    simt::TempDir dir("sdsim-simt-safe");
    simt::write_file(dir / "scn.yaml", kLong);
    CHECK(interrupted_run(dir.path(), sig, std::chrono::milliseconds(700)) == 128 + sig);
    CHECK_FALSE(simt::fs::exists(dir / "out"));
    CHECK_FALSE(any_partial(dir.path()));
  }
}

TEST_CASE("safe runs: an sdsim folder is replaced, leftovers of dead runs are cleaned") {
  simt::TempDir dir("sdsim-simt-safe");
  simt::write_file(dir / "scn.yaml", kLong);
  const std::vector<std::string> run = {"run", "scn.yaml", "--out", "out", "--quiet", "--set", "workload.requests=100"};
  REQUIRE(simt::sdsim(run, dir.path()).exit_code == 0);
  CHECK(simt::fs::exists(dir / "out/.sdsim-run"));
  simt::fs::create_directories(dir / "out.partial-999999999");  // a pid that cannot exist
  simt::write_file(dir / "out.partial-999999999/requests.csv", "half a file");
  REQUIRE(simt::sdsim(run, dir.path()).exit_code == 0);  // replaces its own earlier folder
  CHECK(simt::fs::exists(dir / "out/summary.json"));
  CHECK_FALSE(simt::fs::exists(dir / "out.partial-999999999"));
}

TEST_CASE("safe runs: a sweep whose tables cannot be written is exit 3, and leaves no empty tables") {
  simt::TempDir dir("sdsim-simt-safe");
  simt::write_file(dir / "s.yaml", "name: tiny\nbase: " + simt::source_dir() +
                                       "/scenarios/queueing/mmc.yaml\ngrid:\n  workload.requests: [300, 400]\n"
                                       "  output.requests: [false]\nseeds: 2\nexpect: {}\n");
  REQUIRE(simt::sdsim({"sweep", "s.yaml", "--out", "sw", "--jobs", "2", "--quiet"}, dir.path()).exit_code == 0);
  for (const char* f : {"results.csv", "aggregate.csv", "sweep.json"}) simt::fs::remove(dir / "sw" / f);
  // 1 KiB per file at most: the tables are larger.
  const auto r = simt::run({"/bin/bash", "-c", std::string("ulimit -f 1; exec ") + SDSIM_BIN +
                                                   " sweep s.yaml --out sw --merge sw --quiet"},
                           dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("File too large") != std::string::npos);
  for (const char* f : {"results.csv", "aggregate.csv", "sweep.json", "results.csv.tmp", "aggregate.csv.tmp"}) {
    INFO(f);
    CHECK_FALSE(simt::fs::exists(dir / "sw" / f));
  }
}

TEST_CASE("safe runs: a sweep redoes its runs when a file the scenario references changed") {
  simt::TempDir dir("sdsim-simt-safe");
  const std::string platform = "datacenters: [{racks: [{hosts: 3}]}]\nhost: {link: {bandwidth: 1Gbps, latency: LAT}}\n";
  auto with_latency = [&](const std::string& lat) {
    std::string p = platform;
    p.replace(p.find("LAT"), 3, lat);
    simt::write_file(dir / "plat.yaml", p);
  };
  with_latency("1ms");
  simt::write_file(dir / "scn.yaml", "name: plat\nmodel: queueing\nplatform: plat.yaml\n"
                                     "params: {service: {distribution: deterministic, mean: 10ms}}\n"
                                     "workload: {rate: 5/s, requests: 200}\n");
  simt::write_file(dir / "s.yaml", "name: ps\nbase: scn.yaml\ngrid:\n  workload.rate: [5/s]\nseeds: 2\n");
  const std::vector<std::string> sweep = {"sweep", "s.yaml", "--out", "sw", "--jobs", "2"};
  REQUIRE(simt::sdsim(sweep, dir.path()).exit_code == 0);
  const std::string before = simt::read_file(dir / "sw/results.csv");
  const auto same = simt::sdsim(sweep, dir.path());
  CHECK(same.out.find("2 of 2 runs already done") != std::string::npos);  // nothing changed: reused
  with_latency("20ms");  // the platform file alone changes
  const auto again = simt::sdsim(sweep, dir.path());
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("already done") == std::string::npos);
  CHECK(simt::read_file(dir / "sw/results.csv") != before);  // latency.mean grew by 4 x 19 ms
}
