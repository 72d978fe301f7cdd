// Bad input: every case must exit with 2, print a located message
// (`file:line:col: error: key.path: ...`, or `--set ...: error: ...` for an override) and write
// nothing at all: no output folder, no staging folder `*.partial-*`, not even the output
// folder's parent. Each case runs in its own temp folder (the child's working directory)
// holding only the files the case needs; the folder must look the same after the run.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli.hpp"

namespace {

using simt::fs::path;

// A minimal valid scenario; cases append to it or replace it.
const std::string kHead = "name: bad-input\nmodel: queueing\nduration: 10s\n";

struct BadCase {
  std::string name;
  std::string yaml;                      // written to scn.yaml when not empty
  std::vector<std::string> args;         // sdsim arguments; {scn} and {out} are substituted
  std::vector<std::string> expect;       // substrings stderr must contain
  std::vector<std::string> expect_regex = {};  // regexes stderr must match (std::regex_search)
  std::vector<std::string> forbid = {};        // substrings stderr must not contain
  std::map<std::string, std::string> files = {};  // extra files (name -> text) in the case folder
};

// The usual way to run a case: `sdsim run scn.yaml --out results/run --quiet` in the case folder.
const std::vector<std::string> kRun = {"run", "{scn}", "--out", "{out}", "--quiet"};
std::vector<std::string> run_with(std::vector<std::string> extra) {
  std::vector<std::string> a = kRun;
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}
const std::vector<std::string> kValidate = {"validate", "{scn}"};

std::string three_racks() { return simt::source_dir() + "/platforms/three-racks.yaml"; }

// A valid SimGrid XML platform of two hosts with one bandwidth unit misspelt (line 6).
const std::string kBadUnitXml =
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
    "<platform version=\"4.1\">\n"
    "  <zone id=\"z\" routing=\"Full\">\n"
    "    <host id=\"node-0\" speed=\"1Gf\"/>\n"
    "    <link id=\"l\" bandwidth=\"10Gbpx\" latency=\"5us\"/>\n"
    "    <host id=\"node-1\" speed=\"1Gf\"/>\n"
    "    <route src=\"node-0\" dst=\"node-1\"><link_ctn id=\"l\"/></route>\n"
    "  </zone>\n"
    "</platform>\n";

std::vector<BadCase> cases() {
  std::vector<BadCase> c;

  // ---- scenario keys, types, units, ranges -------------------------------------------------
  c.push_back({"unknown top-level key, with a suggestion",
               "name: bad-input\nmodel: queueing\nduraton: 10s\n", kRun,
               {"scn.yaml:3:1: error: duraton: unknown key (did you mean 'duration'?)"}});
  c.push_back({"unknown parameter key, with a suggestion",
               kHead + "params:\n  servers: 1\n  sevice: {mean: 1s}\n", kRun,
               {"scn.yaml:6:3: error: params.sevice: unknown key (did you mean 'service'?)"}});
  c.push_back({"wrong type: servers: abc", kHead + "params:\n  servers: abc\n", kRun,
               {"scn.yaml:5:12: error: params.servers: expected an integer, got 'abc'"}});
  c.push_back({"bad unit: mean: 5 parsecs", kHead + "params:\n  service:\n    mean: 5 parsecs\n", kRun,
               {"scn.yaml:6:11: error: params.service.mean: expected a duration", "parsecs"}});
  c.push_back({"missing unit: mean: 5", kHead + "params:\n  service: {mean: 5}\n", kRun,
               {"scn.yaml:5:19: error: params.service.mean: ", "missing unit"}});
  c.push_back({"out of range: servers: 0", kHead + "params: {servers: 0}\n", kRun,
               {"scn.yaml:4:19: error: params.servers: must be between 1 and 100000, got 0"}});
  c.push_back({"out of range: negative cv", kHead + "params: {service: {distribution: lognormal, mean: 1s, cv: -1}}\n",
               kRun, {"scn.yaml:4:59: error: params.service.cv: must be between 0 and 100, got -1"}});
  c.push_back({"bad size unit", kHead + "params: {request_size: 4 KBB}\n", kRun,
               {"scn.yaml:4:24: error: params.request_size: expected a size", "KBB"}});
  c.push_back({"negative duration", "name: x\nmodel: queueing\nduration: -10s\n", kRun,
               {"scn.yaml:3:11: error: duration: ", "negative"}});
  c.push_back({"duplicate key", kHead + "params:\n  servers: 1\n  servers: 2\n", kRun,
               {"scn.yaml:6:3: error: params.servers: duplicate key"}});
  c.push_back({"unknown model", "name: x\nmodel: nope\nduration: 10s\n", kRun,
               {"scn.yaml:2:8: error: model: unknown value 'nope'", "queueing"}});
  c.push_back({"missing model", "name: x\nduration: 10s\n", kRun,
               {"scn.yaml:1:1: error: model: missing required key"}});
  c.push_back({"unknown network model, with a suggestion", kHead + "network_model: CM03\n", kRun,
               {"scn.yaml:4:16: error: network_model: unknown value 'CM03' (did you mean 'CM02'?)"}});
  c.push_back(
      {"a link fault without a network",
       kHead + "network_model: none\nfaults:\n  - {at: 1s, link_down: rack-0-uplink}\n",
       kRun,
       {"scn.yaml:6:5: error: faults.0: a link fault has no effect with network_model: none"}});
  c.push_back({"a scenario that is not a map", "just a string\n", kRun,
               {"scn.yaml:1:1: error: "}});

  // ---- workload ----------------------------------------------------------------------------
  c.push_back({"workload without requests or duration", "name: x\nmodel: queueing\nworkload:\n  rate: 5/s\n",
               kRun, {"scn.yaml:4:3: error: workload: needs requests: N or duration: T"}});
  c.push_back({"no workload and no duration at all: still a located message", "name: x\nmodel: queueing\n",
               kRun, {"workload: needs requests"},
               {R"((^|\n)scn\.yaml:\d+:\d+: error: workload: needs requests)"}});
  c.push_back({"warmup equal to the duration", kHead + "workload: {rate: 5/s, warmup: 10s}\n", kRun,
               {"scn.yaml:4:31: error: workload.warmup: must be shorter than the duration"}});
  c.push_back({"warmup longer than workload.duration",
               "name: x\nmodel: queueing\nworkload:\n  rate: 5/s\n  duration: 10s\n  warmup: 20s\n", kRun,
               {"scn.yaml:6:11: error: workload.warmup: must be shorter than the duration"}});
  c.push_back({"unknown arrival process, with a suggestion", kHead + "workload: {arrival: poison}\n", kRun,
               {"scn.yaml:4:21: error: workload.arrival: unknown value 'poison' (did you mean 'poisson'?)"}});
  c.push_back({"zero rate", kHead + "workload: {rate: 0/s}\n", kRun,
               {"scn.yaml:4:18: error: workload.rate: must be greater than 0"}});

  // ---- faults ------------------------------------------------------------------------------
  c.push_back({"unknown host in a crash fault, with a suggestion",
               kHead + "faults:\n  - {at: 5s, crash: statoin-0, restart_after: 2s}\n", kRun,
               {"scn.yaml:5:21: error: faults.0.crash: unknown host 'statoin-0' (did you mean 'station-0'?)"}});
  c.push_back({"unknown rack in a partition",
               kHead + "platform: " + three_racks() + "\nfaults:\n  - {at: 5s, partition: [[rack-0], [rack-7]], heal_after: 2s}\n",
               kRun, {"scn.yaml:6:37: error: faults.0.partition.1.0: ", "'rack-7'"}});
  c.push_back({"glob matching nothing", kHead + "faults:\n  - {at: 5s, crash: \"nothing-*\"}\n", kRun,
               {"scn.yaml:5:21: error: faults.0.crash: 'nothing-*' matches no host"}});
  c.push_back({"unknown fault key", kHead + "faults:\n  - {at: 5s, explode: station-0}\n", kRun,
               {"scn.yaml:5:14: error: faults.0.explode: unknown key"}});
  c.push_back({"two fault kinds in one item", kHead + "faults:\n  - {at: 5s, crash: station-0, partition: [[a], [b]]}\n",
               kRun, {"scn.yaml:5:", "error: faults.0.partition: one fault per list item"}});
  c.push_back({"fault without at", kHead + "faults:\n  - {crash: station-0}\n", kRun,
               {"scn.yaml:5:5: error: faults.0: missing 'at'"}});
  c.push_back({"negative restart_after", kHead + "faults:\n  - {at: 5s, crash: station-0, restart_after: -3s}\n", kRun,
               {"scn.yaml:5:47: error: faults.0.restart_after: ", "negative"}});
  // A fault after the latest end of the run (duration 10 s + the queueing model's 60 s drain)
  // could never happen: an input error found by validate as well as by run.
  c.push_back({"fault after the end of the run (run)", kHead + "faults:\n  - {at: 71s, crash: station-0}\n", kRun,
               {"scn.yaml:5:5: error: faults.0.at: 71 s is after the end of the run (70 s)"}});
  c.push_back({"fault after the end of the run (validate)", kHead + "faults:\n  - {at: 71s, crash: station-0}\n",
               kValidate, {"scn.yaml:5:5: error: faults.0.at: 71 s is after the end of the run (70 s)"}});
  // Random faults that would do nothing but fail hosts (1 ns up, 1 ns down) are refused before
  // anything is drawn (drawing them used to exhaust memory, even in validate).
  c.push_back({"random faults without end (validate)",
               kHead + "faults:\n  - {random: {targets: \"*\", mtbf: 1ns, mttr: 1ns}}\n", kValidate,
               {"scn.yaml:5:5: error: faults: the random faults would fail hosts about", "at most 1e+06 failures"}});

  // ---- inputs that used to crash or exhaust memory ------------------------------------------
  {
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
      bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int j = 0; j < 10; ++j) bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
      bomb += "]\n";
    }
    c.push_back({"YAML alias bomb (validate)", bomb + kHead, kValidate,
                 {"more than 100000 values once aliases are expanded"}});
  }
  c.push_back({"self-referencing alias", "x: &a [*a]\n" + kHead, kRun,
               {"scn.yaml:1:4: error: x.0.0.0", "nested more than 64 levels deep"}});
  c.push_back({"--set index too large for an integer", kHead + "faults:\n  - {at: 1s, crash: station-0}\n",
               run_with({"--set", "faults.99999999999999999999999.at=2s"}),
               {"error: faults.99999999999999999999999: index 99999999999999999999999 out of range"}});
  c.push_back({"--set index too large (validate)", kHead + "faults:\n  - {at: 1s, crash: station-0}\n",
               {"validate", "{scn}", "--set", "faults.18446744073709551616.at=2s"}, {"out of range"}});
  // A file without a size (a device, a pipe) is read only up to the limit: it used to be read
  // to the end, forever for /dev/zero, filling the memory.
  c.push_back({"scenario endless device (validate /dev/zero)", "", {"validate", "/dev/zero"},
               {"/dev/zero: error: cannot read file: more than 16 MiB"}});
  c.push_back({"scenario endless device (run /dev/zero)", "", {"run", "/dev/zero", "--out", "{out}"},
               {"/dev/zero: error: cannot read file: more than 16 MiB"}});
  // ---- what SimGrid would die on -----------------------------------------------------------------
  c.push_back({"--sg-cfg with an unknown setting", kHead, run_with({"--sg-cfg", "bogus:1"}),
               {"command line: error: sg: SimGrid refused --sg-cfg bogus:1: Bad config key: bogus"}, {}, {"Backtrace"}});
  c.push_back({"--sg-cfg without a value", kHead, run_with({"--sg-cfg", "foo"}),
               {"error: sg: SimGrid refused --sg-cfg foo"}, {}, {"Backtrace"}});
  c.push_back({"--sg-cfg with a bad value", kHead, run_with({"--sg-cfg", "network/TCP-gamma:abc"}),
               {"error: sg: SimGrid refused --sg-cfg network/TCP-gamma:abc: invalid double"}, {}, {"Backtrace"}});
  c.push_back({"--sg-log garbage", kHead, run_with({"--sg-log", "garbage"}),
               {"error: sg: SimGrid refused --sg-log garbage: Invalid control string 'garbage'"}, {}, {"Backtrace"}});
  {
    const std::string split =
        "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
        "<platform version=\"4.1\">\n  <zone id=\"z\" routing=\"Full\">\n"
        "    <host id=\"node-0\" speed=\"1Gf\"/>\n    <host id=\"node-1\" speed=\"1Gf\"/>\n"
        "    <host id=\"node-2\" speed=\"1Gf\"/>\n    <link id=\"l\" bandwidth=\"10Gbps\" latency=\"5us\"/>\n"
        "    <route src=\"node-0\" dst=\"node-1\"><link_ctn id=\"l\"/></route>\n  </zone>\n</platform>\n";
    const std::string yaml = "name: bad\nmodel: queueing\nplatform: split.xml\nworkload: {clients: 2, requests: 10}\n";
    c.push_back({"XML platform with hosts that cannot reach each other (validate)", yaml, kValidate,
                 {"split.xml: error: platform: no route from node-0 to node-2"}, {}, {}, {{"split.xml", split}}});
    c.push_back({"XML platform with hosts that cannot reach each other (run)", yaml, kRun,
                 {"split.xml: error: platform: no route from node-0 to node-2"}, {}, {"Backtrace"}, {{"split.xml", split}}});
  }
  c.push_back({"object store on a platform without disks",
               "name: nd\nmodel: object_store\nplatform: {datacenters: [{racks: [{hosts: 20}]}]}\nworkload: {duration: 10s}\n",
               kValidate, {"scn.yaml:3:11: error: platform: the object store's data nodes need disks; 12 of them have none"}});
  c.push_back({"a bad top-level duration is reported as itself, once", "name: d\nmodel: queueing\nduration: 5sec\n",
               kValidate, {"scn.yaml:3:11: error: duration: expected a duration"}, {}, {"needs requests"}});

  // ---- names and output folders ---------------------------------------------------------------
  c.push_back({"name: \"\" would replace results/", "name: \"\"\nmodel: queueing\nduration: 10s\n",
               {"run", "{scn}", "--quiet"}, {"scn.yaml:1:7: error: name: a name names the output folder"}});
  c.push_back({"name: . would replace results/", "name: .\nmodel: queueing\nduration: 10s\n",
               {"run", "{scn}", "--quiet"}, {"error: name: a name names the output folder"}});
  c.push_back({"name: ../scenarios would replace the repository's scenarios", "name: ../scenarios\nmodel: queueing\nduration: 10s\n",
               {"run", "{scn}", "--quiet"}, {"error: name: a name names the output folder"}});
  c.push_back({"name: not UTF-8", std::string("name: \"r\xC3\x28\"\nmodel: queueing\nduration: 10s\n"),
               {"validate", "{scn}"}, {"error: name: a name names the output folder"}});
  c.push_back({"--out is a file of the user's", kHead, {"run", "{scn}", "--out", "notes.txt", "--quiet"},
               {"--out notes.txt: error: out: notes.txt exists and is not a folder: not replacing it"}, {}, {},
               {{"notes.txt", "keep me\n"}}});
  c.push_back({"--out is the scenario's own folder", kHead, {"run", "{scn}", "--out", ".", "--quiet"},
               {"error: out: not a folder a run may replace"}});
  c.push_back({"--out is a folder of the user's", kHead, {"run", "{scn}", "--out", "mine", "--quiet"},
               {"error: out: mine exists and is not an sdsim output folder"}, {}, {}, {{"mine/notes.txt", "keep\n"}}});

  // ---- expectations ------------------------------------------------------------------------
  c.push_back({"expectation on an undeclared metric", kHead + "expect:\n  goodput: \"> 3/s\"\n", kRun,
               {"scn.yaml:5:3: error: expect.goodput: unknown metric"}});
  c.push_back({"expectation on a misspelt metric, with a suggestion", kHead + "expect:\n  latency.mea: \"< 1s\"\n",
               kRun, {"scn.yaml:5:3: error: expect.latency.mea: unknown metric", "did you mean 'latency.mean'?"}});
  c.push_back({"bad expectation operator =>", kHead + "expect:\n  utilization: \"=> 0.5\"\n", kRun,
               {"scn.yaml:5:16: error: expect.utilization: expected a comparison"}});
  // "<>" is not an operator: the message must say so, not complain about the number "> 3".
  c.push_back({"bad expectation operator <>", kHead + "expect:\n  utilization: \"<> 0.5\"\n", kRun,
               {"scn.yaml:5:16: error: expect.utilization: expected a comparison"}});
  c.push_back({"expectation without a unit", kHead + "expect:\n  latency.mean: \"< 5\"\n", kRun,
               {"scn.yaml:5:17: error: expect.latency.mean: ", "missing unit"}});

  // ---- YAML syntax, files ------------------------------------------------------------------
  c.push_back({"YAML syntax error: unclosed flow sequence", kHead + "params: {servers: [1, 2\n", kRun,
               {"scn.yaml:5:1: error: YAML syntax"}});
  c.push_back({"YAML syntax error: bad indentation", kHead + "params:\n  servers: 1\n   service: 2\n", kRun,
               {"scn.yaml:6:11: error: YAML syntax"}});
  c.push_back({"missing scenario file", "", {"run", "missing.yaml", "--out", "{out}", "--quiet"},
               {"missing.yaml", "error: ", "cannot read"}});
  c.push_back({"missing scenario file (validate)", "", {"validate", "missing.yaml"},
               {"missing.yaml", "error: ", "cannot read"}});
  c.push_back({"platform file that does not exist", kHead + "platform: nope.yaml\n", kRun,
               {"scn.yaml:4:11: error: platform: ", "nope.yaml"}});
  c.push_back({"YAML platform with a bad bandwidth unit", kHead + "platform: plat.yaml\n", kRun,
               {"plat.yaml:4:54: error: datacenters.0.racks.0.uplink.bandwidth: expected a bandwidth", "Gbpx"},
               {},
               {},
               {{"plat.yaml",
                 "datacenters:\n  - name: dc-0\n    racks:\n"
                 "      - {name: rack-0, hosts: 4, uplink: {bandwidth: 40Gbpx, latency: 10us}}\n"}}});
  // A bad unit in a SimGrid XML platform is bad input too: exit 2, not 3 ("simulation failed"),
  // and nothing written (SimGrid only parses the file once the run has begun).
  c.push_back({"XML platform with a bad bandwidth unit", kHead + "platform: plat.xml\n", kRun,
               {"plat.xml:6", "Gbpx"}, {}, {}, {{"plat.xml", kBadUnitXml}}});
  c.push_back({"XML platform with a bad bandwidth unit (validate)", kHead + "platform: plat.xml\n", kValidate,
               {"plat.xml:6", "Gbpx"}, {}, {}, {{"plat.xml", kBadUnitXml}}});
  c.push_back({"XML platform that is not XML", kHead + "platform: plat.xml\n", kRun,
               {"plat.xml:", "error: "}, {}, {},
               {{"plat.xml", "<?xml version='1.0'?>\n<platform version=\"4.1\">\n<zone id=\"z\" routing=\"Full\">\n"
                             "<host id=\"a\" speed=\"1Gf\"\n</zone></platform>\n"}}});

  // ---- --set -------------------------------------------------------------------------------
  c.push_back({"--set without '='", kHead, run_with({"--set", "params.servers"}),
               {"--set params.servers: error: ", "key.path=value"}});
  c.push_back({"--set with a bad value names --set", kHead, run_with({"--set", "params.servers=abc"}),
               {"--set params.servers=abc: error: params.servers: expected an integer, got 'abc'"}});
  c.push_back({"--set with a bad value (validate)", kHead, {"validate", "{scn}", "--set", "params.servers=abc"},
               {"--set params.servers=abc: error: params.servers: expected an integer, got 'abc'"}});
  c.push_back({"--set with a bad unit", kHead, run_with({"--set", "params.service.mean=5parsecs"}),
               {"--set params.service.mean=5parsecs: error: params.service.mean: ", "parsecs"}});
  c.push_back({"--set list index out of range",
               kHead + "faults:\n  - {at: 5s, crash: station-0, restart_after: 1s}\n",
               run_with({"--set", "faults.5.at=1s"}),
               {"--set faults.5.at=1s: error: faults.5: index 5 out of range"}});
  c.push_back({"--set of an unknown key, with the known ones", kHead, run_with({"--set", "foo.bar=1"}),
               {"--set foo.bar=1: error: foo: unknown key"}});
  c.push_back({"--set of a misspelt key, with a suggestion", kHead, run_with({"--set", "params.sevice.mean=1s"}),
               {"--set params.sevice.mean=1s: error: params.sevice: unknown key (did you mean 'service'?)"}});
  c.push_back({"--set with an empty path", kHead, run_with({"--set", "=3"}), {"--set =3: error: "}});
  c.push_back({"--set with a YAML syntax error in the value", kHead, run_with({"--set", "params.service={mean: 2s"}),
               {"--set params.service={mean: 2s: error: params.service: YAML syntax"}});
  c.push_back({"--set of an out-of-range seed", kHead, run_with({"--set", "seed=-1"}),
               {"--set seed=-1: error: seed: must be between 0 and"}});

  // ---- command line ------------------------------------------------------------------------
  c.push_back({"unknown CLI option", kHead, run_with({"--bogus"}), {"--bogus"}});
  c.push_back({"unknown subcommand", "", {"frobnicate"}, {"frobnicate"}});
  c.push_back({"run without a scenario", "", {"run", "--out", "{out}"}, {"scenario"}});
  // CLI11's range check on --seed prints the range of a double (a 309-digit number) and calls
  // text "not in range"; the message must say what a seed is.
  c.push_back({"negative --seed", kHead, run_with({"--seed", "-3"}), {"--seed"}, {},
               {"17976931348623157", "not in range 0.000000"}});
  c.push_back({"text --seed", kHead, run_with({"--seed", "abc"}), {"--seed"}, {},
               {"17976931348623157", "not in range 0.000000"}});
  c.push_back({"fractional --seed", kHead, run_with({"--seed", "1.5"}), {"--seed"}});
  // A seed beyond 64 bits must not be clamped silently to 2^63-1 (two different seeds would
  // give the same run); seed: and --set seed= reject anything above 2^62.
  c.push_back({"--seed beyond 64 bits", kHead, run_with({"--seed", "99999999999999999999"}), {"--seed"}});
  c.push_back({"describe of an unknown model", "", {"describe", "nosuch"},
               {"error: 'nosuch' is no model or topic", "queueing"}});
  // Without --out the run would go to results/<name>/ under the working directory.
  c.push_back({"bad input without --out writes no results/ folder", kHead + "params: {servers: 0}\n",
               {"run", "{scn}", "--quiet"}, {"scn.yaml:4:19: error: params.servers: must be between"}});
  return c;
}

std::string substitute(const std::string& arg, const std::string& scn, const std::string& out) {
  if (arg == "{scn}") return scn;
  if (arg == "{out}") return out;
  return arg;
}

struct Outcome {
  std::vector<std::string> before, after;
  simt::Result result;
};

// Runs one case in its own folder; the folder is removed before returning.
Outcome run_case(const BadCase& bc) {
  simt::TempDir dir("sdsim-simt-bad");
  if (!bc.yaml.empty()) simt::write_file(dir / "scn.yaml", bc.yaml);
  for (const auto& [name, text] : bc.files) simt::write_file(dir / name, text);
  // Relative paths, run from the case folder: messages name files as given.
  std::vector<std::string> args;
  for (const auto& a : bc.args) args.push_back(substitute(a, "scn.yaml", "results/run"));
  Outcome o;
  o.before = simt::list_tree(dir.path());
  o.result = simt::sdsim(args, dir.path());
  o.after = simt::list_tree(dir.path());
  return o;
}

}  // namespace

TEST_CASE("bad input: exit 2, a located message, nothing written") {
  const auto all = cases();
  CHECK(all.size() >= 20);
  // The processes run four at a time; the checks run here, on this thread, in case order.
  std::vector<Outcome> outcomes(all.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < all.size(); i = next++) {
        try {
          outcomes[i] = run_case(all[i]);
        } catch (const std::exception& e) {
          outcomes[i].result.err = std::string("test harness failed: ") + e.what();
        }
      }
    });
  for (auto& t : workers) t.join();

  for (std::size_t i = 0; i < all.size(); ++i) {
    const BadCase& bc = all[i];
    const Outcome& o = outcomes[i];
    const simt::Result& r = o.result;
    INFO("case: ", bc.name);
    INFO("command: ", r.command);
    INFO("stderr: ", r.err);
    CHECK(r.exit_code == 2);
    for (const auto& s : bc.expect) CHECK_MESSAGE(r.err.find(s) != std::string::npos, "expected in stderr: ", s);
    for (const auto& re : bc.expect_regex)
      CHECK_MESSAGE(std::regex_search(r.err, std::regex(re)), "expected stderr to match: ", re);
    for (const auto& s : bc.forbid) CHECK_MESSAGE(r.err.find(s) == std::string::npos, "not expected in stderr: ", s);

    // Nothing written: the folder holds exactly what the case put there.
    bool results = false, partial = false;
    for (const auto& p : o.after) {
      results = results || p.rfind("results", 0) == 0;
      partial = partial || p.find(".partial-") != std::string::npos;
    }
    CHECK_FALSE(results);
    CHECK_FALSE(partial);
    CHECK(o.after == o.before);
  }
}

// An error in the scenario is reported with every other error in it, all at once.
TEST_CASE("bad input: all errors reported together, in one run") {
  simt::TempDir dir("sdsim-simt-bad");
  simt::write_file(dir / "scn.yaml",
                   "name: x\nmodel: queueing\nduraton: 10s\nparams:\n  servers: abc\n  service: {mean: 5}\n"
                   "workload: {requests: 10}\n");
  const auto r = simt::sdsim({"validate", "scn.yaml"}, dir.path());
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:3:1: error: duraton: unknown key") != std::string::npos);
  CHECK(r.err.find("scn.yaml:5:12: error: params.servers: expected an integer") != std::string::npos);
  CHECK(r.err.find("scn.yaml:6:19: error: params.service.mean: ") != std::string::npos);
  CHECK(r.out.find(": ok") == std::string::npos);
}

// A good scenario passes validate, and validate writes nothing either.
TEST_CASE("validate: a good scenario is ok and nothing is written") {
  simt::TempDir dir("sdsim-simt-bad");
  simt::write_file(dir / "scn.yaml", kHead + "faults:\n  - {at: 5s, crash: station-0, restart_after: 1s}\n");
  const auto before = simt::list_tree(dir.path());
  const auto r = simt::sdsim({"validate", "scn.yaml"}, dir.path());
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("ok") != std::string::npos);
  CHECK(simt::list_tree(dir.path()) == before);
}

// Not a check: writes every case above as a seed of the scenario fuzzer (tests/fuzz/README.md),
// its YAML followed by one "#set ARG" line per --set argument, into $SDSIM_FUZZ_SEEDS.
// Skipped unless asked for: sim_tests --no-skip -tc='bad input: the cases as fuzz seeds'.
TEST_CASE("bad input: the cases as fuzz seeds" * doctest::skip()) {
  const char* dir = std::getenv("SDSIM_FUZZ_SEEDS");
  REQUIRE_MESSAGE(dir != nullptr, "set SDSIM_FUZZ_SEEDS to the folder to write the seeds into");
  const auto all = cases();
  int written = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::string text = all[i].yaml;
    for (std::size_t a = 0; a + 1 < all[i].args.size(); ++a)
      if (all[i].args[a] == "--set") text += "\n#set " + all[i].args[a + 1];
    if (text.empty()) continue;
    simt::write_file(path(dir) / ("bad-input-" + std::to_string(i) + ".yaml"), text + "\n");
    ++written;
  }
  CHECK(written > 0);
}
