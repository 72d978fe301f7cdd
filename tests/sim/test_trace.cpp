// `sdsim run --trace chrome|paje` and `sdsim diagram`: the traces change no result, the
// Trace Event Format file is well formed (every flow begun is ended or its message was lost,
// every track is named, faults are global instants, one span per request row), the same seed
// gives the same trace bytes, the event cap holds, and the diagram's inputs are checked. The
// diagram is rendered in a real browser by the CTest test diagram:chromium.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "cli.hpp"

namespace {

std::string crash() { return simt::source_dir() + "/scenarios/queueing/station-crash.yaml"; }
// A short run of it: 100 s of load, the station down from 40 s to 60 s.
const std::vector<std::string> kShort = {
    "--set",  "workload.duration=100s",
    "--set",  "faults=[{at: 40s, crash: station-0, restart_after: 20s}]",
    "--set",  "expect={}",
    "--quiet"};

simt::Result run(const std::vector<std::string>& extra, const simt::fs::path& out) {
  std::vector<std::string> args{"run", crash(), "--out", out.string()};
  args.insert(args.end(), kShort.begin(), kShort.end());
  args.insert(args.end(), extra.begin(), extra.end());
  return simt::sdsim(args);
}

}  // namespace

TEST_CASE("trace: chrome and paje traces change no result and are well formed") {
  simt::TempDir tmp("sdsim-trace");
  auto plain = run({}, tmp / "plain");
  auto traced = run({"--trace", "chrome", "--trace", "paje"}, tmp / "traced");
  auto again = run({"--trace", "chrome"}, tmp / "again");
  REQUIRE_MESSAGE(plain.exit_code == 0, plain.err);
  REQUIRE_MESSAGE(traced.exit_code == 0, traced.err);
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  for (const char* f : {"requests.csv", "events.csv", "timeseries.csv"})
    CHECK_MESSAGE(simt::read_file(tmp / "plain" / f) == simt::read_file(tmp / "traced" / f), f);
  auto a = simt::read_json(tmp / "plain" / "summary.json"),
       b = simt::read_json(tmp / "traced" / "summary.json");
  CHECK(a["metrics"] == b["metrics"]);
  CHECK(a["manifest"]["simgrid_config"] == b["manifest"]["simgrid_config"]);
  // Same seed, same trace, byte for byte.
  CHECK(simt::read_file(tmp / "traced" / "trace.json") ==
        simt::read_file(tmp / "again" / "trace.json"));

  const auto trace = simt::read_json(tmp / "traced" / "trace.json");
  REQUIRE(trace["traceEvents"].is_array());
  std::set<int> named_pids;
  std::set<std::pair<int, int>> named_tracks, used_tracks;
  std::map<long long, int> flows;  // id -> +1 begun, -1 ended
  std::size_t request_spans = 0, sends = 0, lost = 0, receives = 0;
  std::vector<std::string> faults;
  double last_send = 0;
  for (const auto& e : trace["traceEvents"]) {
    const std::string ph = e["ph"];
    const int pid = e["pid"], tid = e["tid"];
    if (ph == "M") {
      if (e["name"] == "process_name") named_pids.insert(pid);
      if (e["name"] == "thread_name") named_tracks.insert({pid, tid});
      continue;
    }
    if (pid != 0) used_tracks.insert({pid, tid});
    if (ph == "s") ++flows[e["id"].get<long long>()];
    if (ph == "f") --flows[e["id"].get<long long>()];
    if (ph == "X") {
      CHECK(e["dur"].get<double>() >= 0);
      if (e["cat"] == "request") ++request_spans;
    }
    if (ph == "i" && e["cat"] == "fault") {
      CHECK(e["s"] == "g");
      faults.push_back(e["name"].get<std::string>() + "@" + e["args"]["target"].get<std::string>());
    }
    if (ph == "i" && e["cat"] == "message") {
      const std::string name = e["name"];
      if (name.rfind("send ", 0) == 0) {
        ++sends;
        CHECK(e["ts"].get<double>() >= last_send);  // written as they happen
        last_send = e["ts"].get<double>();
        if (e["args"]["fate"] != "sent") ++lost;
      } else {
        CHECK(name.rfind("recv ", 0) == 0);
        ++receives;
      }
    }
  }
  for (const auto& t : used_tracks) {
    CHECK(named_pids.count(t.first) == 1);
    CHECK(named_tracks.count(t) == 1);
  }
  std::size_t unfinished = 0;
  for (const auto& [id, n] : flows) {
    CHECK(n >= 0);  // no flow ends before (or without) it begins
    unfinished += static_cast<std::size_t>(n);
  }
  CHECK(sends == receives + lost + unfinished);
  CHECK(lost > 0);  // the requests sent while the station was off
  const auto requests = simt::read_csv(tmp / "traced" / "requests.csv");
  CHECK(request_spans == requests.rows.size());
  CHECK(faults == std::vector<std::string>{"host_off@station-0", "host_on@station-0"});

  const std::string paje = simt::read_file(tmp / "traced" / "trace.paje");
  CHECK(paje.rfind("#This file was generated using SimGrid", 0) == 0);
  CHECK(paje.find("%EventDef PajeDefineContainerType") != std::string::npos);
  CHECK(paje.find("station-0") != std::string::npos);
  CHECK(!simt::fs::exists(tmp / "plain" / "trace.json"));
}

TEST_CASE("trace: --trace-max-events caps the chrome trace and says so") {
  simt::TempDir tmp("sdsim-trace");
  auto r = run({"--trace", "chrome", "--trace-max-events", "50"}, tmp / "capped");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto trace = simt::read_json(tmp / "capped" / "trace.json");
  std::size_t events = 0;
  bool truncated = false;
  for (const auto& e : trace["traceEvents"]) {
    if (e["name"] == "trace truncated")
      truncated = true;
    else if (e["ph"] != "M" && e["ph"] != "s" && e["ph"] != "f")
      ++events;
  }
  CHECK(events == 50);
  CHECK(truncated);
  auto bad = run({"--trace", "vcd"}, tmp / "bad");
  CHECK(bad.exit_code == 2);
  CHECK(!simt::fs::exists(tmp / "bad"));
}

TEST_CASE("diagram: the crash window's messages, lost ones crossed; bad inputs exit 2") {
  simt::TempDir tmp("sdsim-trace");
  REQUIRE(run({"--trace", "chrome"}, tmp / "t").exit_code == 0);
  auto d = simt::sdsim(
      {"diagram", (tmp / "t").string(), "--from", "39s", "--to", "42s", "--max-messages", "500"});
  INFO(d.out << d.err);
  REQUIRE(d.exit_code == 0);
  const std::string html = simt::read_file(tmp / "t" / "diagram.html");
  std::size_t arrows = 0, crossed = 0;
  for (std::size_t at = html.find("<line class=\"msg"); at != std::string::npos;
       at = html.find("<line class=\"msg", at + 1)) {
    ++arrows;
    if (html.compare(at, 25, "<line class=\"msg lost\" x1") == 0) ++crossed;
  }
  CHECK(arrows > 0);
  CHECK(crossed > 0);  // requests sent to the station after 40 s
  CHECK(d.out.find(std::to_string(arrows) + " messages (" + std::to_string(crossed) + " lost)") !=
        std::string::npos);
  CHECK(html.find("host_off station-0") != std::string::npos);
  CHECK(html.find("src=") == std::string::npos);  // self-contained: nothing fetched
  CHECK(html.find("<link") == std::string::npos);

  auto capped = simt::sdsim({"diagram", (tmp / "t").string(), "--max-messages", "5", "--out",
                             (tmp / "five.html").string()});
  REQUIRE(capped.exit_code == 0);
  CHECK(capped.out.find("5 messages") != std::string::npos);

  struct Bad {
    std::vector<std::string> args;
    const char* message;
  };
  REQUIRE(run({}, tmp / "untraced").exit_code == 0);
  for (const Bad& b : std::vector<Bad>{
           {{"diagram", (tmp / "untraced").string()}, "no trace.json in this run folder"},
           {{"diagram", (tmp / "nothing").string()}, "not a run folder"},
           {{"diagram", (tmp / "t").string(), "--from", "5"},
            "--from: error: expected a simulated time with a unit"},
           {{"diagram", (tmp / "t").string(), "--from", "50s", "--to", "10s"},
            "the window must start"},
           {{"diagram", (tmp / "t").string(), "--from", "1h"}, "no message was sent between"},
       }) {
    auto r = simt::sdsim(b.args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(b.message) != std::string::npos);
  }
}
