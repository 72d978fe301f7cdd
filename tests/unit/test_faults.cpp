// Fault schedules: parsing with located errors, expansion into timed actions (ordering,
// restart pairs, partition groups, globs, stochastic MTBF/MTTR processes), and the partition
// semantics of NetworkState. No SimGrid engine: the injector is exercised by scenario runs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "sim/faults/faults.hpp"
#include "sim/faults/injector.hpp"
#include "sim/net/network_state.hpp"
#include "sim/platform/platform.hpp"

using namespace sdsim;

namespace {

using AK = FaultAction::Kind;
constexpr double kInf = std::numeric_limits<double>::infinity();

// dc-0 with three racks. rack-0: broker-0 datanode-0 datanode-3; rack-1: broker-1 datanode-1
// datanode-4; rack-2: broker-2 datanode-2 datanode-5. Datanodes have disk0 and disk1.
PlatformInfo three_racks() {
  PlatformInfo p;
  p.racks = {"rack-0", "rack-1", "rack-2"};
  p.datacenters = {"dc-0"};
  auto add = [&p](const std::string& name, const std::string& role, int rack, int disks) {
    HostInfo h;
    h.name = name;
    h.role = role;
    h.rack = p.racks[rack];
    h.datacenter = "dc-0";
    for (int d = 0; d < disks; ++d) h.spec.disks.push_back(DiskSpec{"disk" + std::to_string(d)});
    p.hosts.push_back(h);
    p.role_hosts[role].push_back(name);
    p.links.push_back(name + "-link");
  };
  for (int i = 0; i < 3; ++i) add("broker-" + std::to_string(i), "broker", i, 1);
  for (int i = 0; i < 6; ++i) add("datanode-" + std::to_string(i), "datanode", i % 3, 2);
  for (const std::string& r : p.racks) p.links.push_back(r + "-uplink");
  return p;
}

std::vector<FaultSpec> parse_ok(const std::string& yaml, const PlatformInfo& platform) {
  Doc doc = parse_yaml_text(yaml, "s.yaml");
  Diagnostics diags;
  std::vector<FaultSpec> specs = parse_faults(&doc, &platform, diags);
  INFO(diags.str());
  CHECK(diags.ok());
  return specs;
}

// Every diagnostic of a parse that must fail, one per line.
std::string parse_errors(const std::string& yaml) {
  PlatformInfo platform = three_racks();
  Doc doc = parse_yaml_text(yaml, "s.yaml");
  Diagnostics diags;
  parse_faults(&doc, &platform, diags);
  return diags.str();
}

std::vector<FaultAction> expand(const std::string& yaml, double horizon = 1000.0,
                                std::uint64_t seed = 1) {
  PlatformInfo platform = three_racks();
  return expand_schedule(parse_ok(yaml, platform), platform, seed, horizon);
}

// "host_off broker-0 @40" per action, for compact ordering checks.
std::vector<std::string> summary(const std::vector<FaultAction>& actions) {
  std::vector<std::string> out;
  for (const FaultAction& a : actions)
    out.push_back(std::string(fault_action_name(a.kind)) + " " + a.target + " @" +
                  std::to_string(static_cast<int>(a.time)));
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// glob_match

TEST_CASE("glob_match handles * and ?") {
  CHECK(glob_match("datanode-*", "datanode-12"));
  CHECK(glob_match("datanode-*", "datanode-"));
  CHECK_FALSE(glob_match("datanode-*", "broker-0"));
  CHECK(glob_match("*-0", "rack-0"));
  CHECK(glob_match("b?oker-*", "broker-3"));
  CHECK_FALSE(glob_match("broker-?", "broker-10"));
  CHECK(glob_match("*a*b*", "xxaxxbxx"));
  CHECK_FALSE(glob_match("*a*b", "xxaxxbxc"));
  CHECK(glob_match("exact", "exact"));
  CHECK_FALSE(glob_match("exact", "exactly"));
  CHECK(glob_match("*", ""));
}

// ---------------------------------------------------------------------------------------
// Parsing

TEST_CASE("parse_faults reads every fault form") {
  PlatformInfo platform = three_racks();
  auto specs = parse_ok(R"(
- {at: 40s, crash: broker-0, restart_after: 30s}
- {at: 50s, link_down: broker-0-link, up_after: 10s}
- {at: 70s, partition: [[rack-0], [rack-1, rack-2]], heal_after: 20s, one_way: true}
- {at: 10s, slowdown: rack-0-uplink, bandwidth_factor: 0.1, latency_factor: 5, for: 30s}
- {random: {targets: "datanode-*", mtbf: 2h, mttr: 10m}, start: 0s, until: 1h}
- {at: 100s, disk_loss: datanode-3, disk: disk1}
- {at: 5s, slowdown: datanode-1, disk: disk0, bandwidth_factor: 0.5}
)", platform);
  REQUIRE(specs.size() == 7);
  using K = FaultSpec::Kind;
  CHECK(specs[0].kind == K::Crash);
  CHECK(specs[0].at == 40.0);
  CHECK(specs[0].target == "broker-0");
  CHECK(specs[0].restart_after == 30.0);
  CHECK(specs[0].path == "faults.0");
  CHECK(specs[0].loc.str() == "s.yaml:2:3");
  CHECK(specs[1].kind == K::LinkDown);
  CHECK(specs[1].heal_after == 10.0);
  CHECK(specs[2].kind == K::Partition);
  CHECK(specs[2].groups == std::vector<std::vector<std::string>>{{"rack-0"}, {"rack-1", "rack-2"}});
  CHECK(specs[2].one_way);
  CHECK(specs[2].heal_after == 20.0);
  CHECK(specs[3].kind == K::Slowdown);
  CHECK(specs[3].bandwidth_factor == 0.1);
  CHECK(specs[3].latency_factor == 5.0);
  CHECK(specs[3].heal_after == 30.0);
  CHECK(specs[4].kind == K::Random);
  CHECK(specs[4].target == "datanode-*");
  CHECK(specs[4].mtbf == 7200.0);
  CHECK(specs[4].mttr == 600.0);
  CHECK(specs[4].until == 3600.0);
  CHECK(specs[5].kind == K::DiskLoss);
  CHECK(specs[5].disk == "disk1");
  CHECK(specs[6].disk == "disk0");
  CHECK(specs[6].heal_after < 0.0);  // no `for`: stays slow
}

TEST_CASE("parse_faults defaults: no restart, no heal, symmetric, random over the whole run") {
  PlatformInfo platform = three_racks();
  auto specs = parse_ok(R"(
- {at: 1s, crash: rack-1}
- {at: 1s, partition: [rack-0, [datanode-1]]}
- {random: {targets: broker-1, mtbf: 1h, mttr: 1m}}
)", platform);
  REQUIRE(specs.size() == 3);
  CHECK(specs[0].restart_after < 0.0);
  CHECK(specs[1].heal_after < 0.0);
  CHECK_FALSE(specs[1].one_way);
  CHECK(specs[1].groups == std::vector<std::vector<std::string>>{{"rack-0"}, {"datanode-1"}});
  CHECK(specs[2].start == 0.0);
  CHECK(specs[2].until < 0.0);
}

TEST_CASE("parse_faults: an absent or null list is no faults; a map is an error") {
  Diagnostics diags;
  CHECK(parse_faults(nullptr, nullptr, diags).empty());
  Doc null_doc;
  CHECK(parse_faults(&null_doc, nullptr, diags).empty());
  CHECK(diags.ok());
  Doc map = parse_yaml_text("a: 1\n", "s.yaml");
  parse_faults(&map, nullptr, diags);
  CHECK(diags.str() == "s.yaml:1:1: error: faults: expected a list of faults, e.g. [{at: 40s, crash: broker-0}]\n");
}

TEST_CASE("unknown names are located errors with suggestions") {
  CHECK(parse_errors("- {at: 40s, crash: broker-9}\n") ==
        "s.yaml:1:20: error: faults.0.crash: unknown host 'broker-9' (did you mean 'broker-0'?)\n");
  CHECK(parse_errors("- {at: 40s, crash: \"brokers-*\"}\n") ==
        "s.yaml:1:20: error: faults.0.crash: 'brokers-*' matches no host\n");
  CHECK(parse_errors("- {at: 1s, link_down: rack-0-uplnk}\n") ==
        "s.yaml:1:23: error: faults.0.link_down: unknown link 'rack-0-uplnk' (did you mean 'rack-0-uplink'?)\n");
  CHECK(parse_errors("- {at: 1s, disk_loss: datanode-0, disk: disk7}\n") ==
        "s.yaml:1:41: error: faults.0.disk: host 'datanode-0' has no disk 'disk7' (did you mean 'disk0'?)\n");
  CHECK(parse_errors("- {at: 1s, partition: [[rack-0], [rack-3]]}\n") ==
        "s.yaml:1:35: error: faults.0.partition.1.0: unknown host 'rack-3' (did you mean 'rack-0'?)\n");
  CHECK(parse_errors("- {random: {targets: \"node-*\", mtbf: 1h, mttr: 1m}}\n") ==
        "s.yaml:1:22: error: faults.0.random.targets: 'node-*' matches no host\n");
}

TEST_CASE("each item has exactly one kind and only its own keys") {
  CHECK(parse_errors("- {at: 1s, crash: broker-0, link_down: broker-0-link}\n") ==
        "s.yaml:1:40: error: faults.0.link_down: one fault per list item: 'crash' and 'link_down' are both given\n");
  CHECK(parse_errors("- {at: 1s}\n") ==
        "s.yaml:1:3: error: faults.0: no fault kind: give one of crash, link_down, partition, slowdown, "
        "random, disk_loss\n");
  // A typo of the kind key is reported once, as the unknown key.
  CHECK(parse_errors("- {at: 1s, crsh: broker-0}\n") ==
        "s.yaml:1:12: error: faults.0.crsh: unknown key (did you mean 'crash'?)\n");
  CHECK(parse_errors("- {at: 1s, crash: broker-0, restart_afer: 3s}\n") ==
        "s.yaml:1:29: error: faults.0.restart_afer: unknown key (did you mean 'restart_after'?)\n");
  CHECK(parse_errors("- {at: 1s, crash: broker-0, heal_after: 3s}\n") ==
        "s.yaml:1:29: error: faults.0.heal_after: 'heal_after' does not apply to a crash fault "
        "(it takes: at, crash, restart_after)\n");
  CHECK(parse_errors("- crash: broker-0\n") ==
        "s.yaml:1:3: error: faults.0: missing 'at' (e.g. at: 40s)\n");
  CHECK(parse_errors("- broker-0\n") ==
        "s.yaml:1:3: error: faults.0: a fault is a map, e.g. {at: 40s, crash: broker-0, restart_after: 30s}\n");
}

TEST_CASE("values are checked: units, ranges, partitions, random processes") {
  std::string e = parse_errors("- {at: 40, crash: broker-0}\n");
  CHECK(e.rfind("s.yaml:1:8: error: faults.0.at: ", 0) == 0);
  CHECK(parse_errors("- {at: 1s, partition: [[rack-0], [broker-0]]}\n") ==
        "s.yaml:1:35: error: faults.0.partition.1.0: host 'broker-0' is in groups 0 and 1 "
        "(a host can be on one side only)\n");
  CHECK(parse_errors("- {at: 1s, partition: [[rack-0]]}\n") ==
        "s.yaml:1:23: error: faults.0.partition: a partition is a list of at least two groups, "
        "e.g. [[rack-0], [rack-1, rack-2]]\n");
  CHECK(parse_errors("- {random: {targets: broker-0, mtbf: 0s, mttr: 1m}}\n") ==
        "s.yaml:1:38: error: faults.0.random.mtbf: must be greater than 0\n");
  CHECK(parse_errors("- {random: {targets: broker-0, mttr: 1m}}\n") ==
        "s.yaml:1:12: error: faults.0.random: missing 'mtbf' (e.g. mtbf: 2h)\n");
  CHECK(parse_errors("- {random: {targets: broker-0, mtbf: 1h, mttr: 1m}, start: 1h, until: 30m}\n") ==
        "s.yaml:1:71: error: faults.0.until: must be after start\n");
  CHECK(parse_errors("- {at: 1s, slowdown: rack-0-uplink, bandwidth_factor: 0}\n") ==
        "s.yaml:1:55: error: faults.0.bandwidth_factor: must be greater than 0 (use link_down to cut a link)\n");
  CHECK(parse_errors("- {at: 1s, slowdown: rack-0-uplink}\n") ==
        "s.yaml:1:3: error: faults.0: a slowdown needs bandwidth_factor or latency_factor\n");
  CHECK(parse_errors("- {at: 1s, slowdown: datanode-0, disk: disk0, latency_factor: 2}\n") ==
        "s.yaml:1:63: error: faults.0.latency_factor: a disk slowdown takes bandwidth_factor only\n");
}

TEST_CASE("all errors of a list are reported at once") {
  std::string e = parse_errors("- {at: 1s, crash: broker-9}\n- {at: 2s, link_down: nope}\n");
  CHECK(std::count(e.begin(), e.end(), '\n') == 2);
  CHECK(e.find("faults.0.crash") != std::string::npos);
  CHECK(e.find("faults.1.link_down") != std::string::npos);
}

TEST_CASE("without a platform, names are not checked") {
  Doc doc = parse_yaml_text("- {at: 1s, crash: anything}\n", "s.yaml");
  Diagnostics diags;
  CHECK(parse_faults(&doc, nullptr, diags).size() == 1);
  CHECK(diags.ok());
}

// ---------------------------------------------------------------------------------------
// Expansion

TEST_CASE("actions are time-sorted, stable by spec order, with restart and heal pairs") {
  auto actions = expand(R"(
- {at: 40s, crash: broker-0, restart_after: 30s}
- {at: 50s, link_down: broker-1-link, up_after: 10s}
- {at: 10s, slowdown: rack-0-uplink, bandwidth_factor: 0.1, for: 30s}
- {at: 40s, disk_loss: datanode-3}
- {at: 60s, crash: broker-2}
)");
  CHECK(summary(actions) == std::vector<std::string>{
                                "slowdown_start rack-0-uplink @10", "host_off broker-0 @40",
                                "slowdown_end rack-0-uplink @40", "disk_loss datanode-3 @40",
                                "link_off broker-1-link @50", "link_on broker-1-link @60",
                                "host_off broker-2 @60", "host_on broker-0 @70"});
  CHECK(actions[0].bandwidth_factor == 0.1);
  CHECK(actions[0].latency_factor == 1.0);
  CHECK(actions[2].bandwidth_factor == 0.1);  // the end names what it undoes
  CHECK(actions[1].cause == "faults.0");
  CHECK(actions[3].disk.empty());  // every disk
}

TEST_CASE("glob and rack targets become one action per host, in placement order") {
  auto actions = expand("- {at: 5s, crash: \"datanode-*\", restart_after: 1s}\n"
                        "- {at: 9s, crash: rack-1}\n");
  CHECK(summary(actions) == std::vector<std::string>{
                                "host_off datanode-0 @5", "host_off datanode-1 @5", "host_off datanode-2 @5",
                                "host_off datanode-3 @5", "host_off datanode-4 @5", "host_off datanode-5 @5",
                                "host_on datanode-0 @6", "host_on datanode-1 @6", "host_on datanode-2 @6",
                                "host_on datanode-3 @6", "host_on datanode-4 @6", "host_on datanode-5 @6",
                                "host_off broker-1 @9", "host_off datanode-1 @9", "host_off datanode-4 @9"});
}

TEST_CASE("partition groups expand from racks to hosts, with paired ids") {
  auto actions = expand(R"(
- {at: 70s, partition: [[rack-0], [rack-1, broker-2]], heal_after: 20s, one_way: true}
- {at: 80s, partition: [[datanode-1], [datanode-2]]}
)");
  REQUIRE(actions.size() == 3);
  const FaultAction& start = actions[0];
  CHECK(start.kind == AK::PartitionStart);
  CHECK(start.target == "rack-0|rack-1+broker-2");
  CHECK(start.one_way);
  CHECK(start.groups == std::vector<std::vector<std::string>>{
                            {"broker-0", "datanode-0", "datanode-3"},
                            {"broker-1", "datanode-1", "datanode-4", "broker-2"}});
  CHECK(actions[1].kind == AK::PartitionStart);
  CHECK(actions[1].partition_id != start.partition_id);
  CHECK(actions[2].kind == AK::PartitionHeal);
  CHECK(actions[2].time == 90.0);
  CHECK(actions[2].partition_id == start.partition_id);
}

TEST_CASE("actions after the horizon are dropped; a host crashed before it stays down") {
  auto actions = expand("- {at: 40s, crash: broker-0, restart_after: 30s}\n"
                        "- {at: 60s, crash: broker-1}\n",
                        50.0);
  CHECK(summary(actions) == std::vector<std::string>{"host_off broker-0 @40"});
  CHECK(expand("- {at: 50s, crash: broker-0}\n", 50.0).size() == 1);  // the horizon is inclusive
}

namespace {

// Up and down durations of one host in a random schedule that starts at `start`.
struct UpDown {
  std::vector<double> up, down;
};
UpDown up_down(const std::vector<FaultAction>& actions, const std::string& host, double start) {
  UpDown r;
  double last = start;
  for (const FaultAction& a : actions) {
    if (a.target != host) continue;
    (a.kind == AK::HostOff ? r.up : r.down).push_back(a.time - last);
    last = a.time;
  }
  return r;
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("random failures: alternating off/on with mean up time mtbf and down time mttr") {
  auto actions = expand("- {random: {targets: \"datanode-*\", mtbf: 100s, mttr: 10s}, start: 5s}\n",
                        2e6, 42);
  for (int i = 0; i < 6; ++i) {
    std::string host = "datanode-" + std::to_string(i);
    UpDown ud = up_down(actions, host, 5.0);
    INFO(host);
    REQUIRE(ud.up.size() > 10000);
    CHECK(ud.down.size() + 1 >= ud.up.size());  // strictly alternating
    CHECK(ud.up.size() >= ud.down.size());
    CHECK(mean(ud.up) == doctest::Approx(100.0).epsilon(0.05));
    CHECK(mean(ud.down) == doctest::Approx(10.0).epsilon(0.05));
  }
  CHECK(std::all_of(actions.begin(), actions.end(),
                    [](const FaultAction& a) { return a.cause == "faults.0 (random)"; }));
  CHECK(std::is_sorted(actions.begin(), actions.end(),
                       [](const FaultAction& a, const FaultAction& b) { return a.time < b.time; }));
}

TEST_CASE("random failures are reproducible per seed and independent per host") {
  std::string yaml = "- {random: {targets: \"datanode-*\", mtbf: 1h, mttr: 5m}, until: 20h}\n";
  auto a = expand(yaml, 1e9, 7);
  auto b = expand(yaml, 1e9, 7);
  auto c = expand(yaml, 1e9, 8);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].time == b[i].time);
    CHECK(a[i].target == b[i].target);
  }
  auto first_failure = [](const std::vector<FaultAction>& v, const std::string& host) {
    for (const FaultAction& x : v)
      if (x.target == host) return x.time;
    return -1.0;
  };
  CHECK(first_failure(a, "datanode-0") != first_failure(a, "datanode-1"));
  CHECK(first_failure(a, "datanode-0") != first_failure(c, "datanode-0"));
  // Failures begin only before `until`; the repair of the last one may come after it.
  CHECK(std::all_of(a.begin(), a.end(), [](const FaultAction& x) {
    return x.kind != AK::HostOff || x.time < 20 * 3600.0;
  }));
}

TEST_CASE("a random process without until needs a finite horizon") {
  PlatformInfo platform = three_racks();
  auto specs = parse_ok("- {random: {targets: broker-0, mtbf: 1h, mttr: 1m}}\n", platform);
  CHECK_THROWS_AS(expand_schedule(specs, platform, 1, kInf), std::invalid_argument);
  CHECK_NOTHROW(expand_schedule(specs, platform, 1, 3600.0));
}

TEST_CASE("a run's plan keeps every timed fault, and random processes draw what the expansion lists") {
  PlatformInfo platform = three_racks();
  auto specs = parse_ok("- {at: 100000s, crash: broker-0, restart_after: 1s}\n"
                        "- {random: {targets: broker-1, mtbf: 1h, mttr: 1m}}\n",
                        platform);
  FaultPlan plan = plan_faults(specs, platform, 7);
  REQUIRE(plan.timed.size() == 2);  // no horizon drops the late crash or its restart
  CHECK(plan.timed[1].time == doctest::Approx(100001.0));
  REQUIRE(plan.random.size() == 1);
  const auto listed = expand_schedule(specs, platform, 7, 10 * 3600.0);
  std::vector<double> expected;
  for (const FaultAction& x : listed)
    if (x.target == "broker-1") expected.push_back(x.time);
  std::vector<double> drawn;
  while (auto f = plan.random[0].next()) {
    if (f->first > 10 * 3600.0) break;
    drawn.push_back(f->first);
    if (f->second <= 10 * 3600.0) drawn.push_back(f->second);
  }
  CHECK(drawn.size() > 10);
  CHECK(drawn == expected);
}

TEST_CASE("fault_action_name") {
  CHECK(std::string(fault_action_name(AK::HostOff)) == "host_off");
  CHECK(std::string(fault_action_name(AK::PartitionHeal)) == "partition_heal");
  CHECK(std::string(fault_action_name(AK::SlowdownEnd)) == "slowdown_end");
  CHECK(std::string(fault_action_name(AK::DiskLoss)) == "disk_loss");
}

// ---------------------------------------------------------------------------------------
// NetworkState

TEST_CASE("NetworkState: symmetric partition cuts both ways between groups only") {
  NetworkState net({"a", "b", "c", "d", "e"});
  CHECK_FALSE(net.any_active());
  CHECK_FALSE(net.blocked("a", "c"));
  int id = net.add_partition({{"a", "b"}, {"c", "d"}}, false);
  CHECK(net.any_active());
  CHECK(net.blocked("a", "c"));
  CHECK(net.blocked("d", "b"));
  CHECK_FALSE(net.blocked("a", "b"));  // same side
  CHECK_FALSE(net.blocked("c", "d"));
  CHECK_FALSE(net.blocked("a", "e"));  // e is in no group
  CHECK_FALSE(net.blocked("e", "c"));
  CHECK_FALSE(net.blocked("a", "unknown"));
  CHECK(net.blocked(net.index_of("a"), net.index_of("c")));
  net.heal(id);
  CHECK_FALSE(net.any_active());
  CHECK_FALSE(net.blocked("a", "c"));
  net.heal(id);  // twice is harmless
  net.heal(99);
}

TEST_CASE("NetworkState: one-way partition cuts only group 0 to the others") {
  NetworkState net({"a", "b", "c"});
  net.add_partition({{"a"}, {"b"}, {"c"}}, true);
  CHECK(net.blocked("a", "b"));
  CHECK(net.blocked("a", "c"));
  CHECK_FALSE(net.blocked("b", "a"));
  CHECK_FALSE(net.blocked("c", "a"));
  CHECK_FALSE(net.blocked("b", "c"));  // between the other groups: untouched
}

TEST_CASE("NetworkState: overlapping partitions, and hosts it did not know") {
  NetworkState net({"a", "b"});
  int p1 = net.add_partition({{"a"}, {"b"}}, false);
  int p2 = net.add_partition({{"a"}, {"x"}}, false);  // "x" is indexed on the fly
  CHECK(net.index_of("x") >= 0);
  CHECK(net.blocked("a", "b"));
  CHECK(net.blocked("x", "a"));
  net.heal(p1);
  CHECK_FALSE(net.blocked("a", "b"));
  CHECK(net.blocked("a", "x"));
  net.heal(p2);
  CHECK_FALSE(net.any_active());
}

TEST_CASE("expanded partition actions drive NetworkState") {
  PlatformInfo platform = three_racks();
  std::vector<std::string> names;
  for (const HostInfo& h : platform.hosts) names.push_back(h.name);
  NetworkState net(names);
  auto actions = expand("- {at: 1s, partition: [[rack-0], [rack-1]], heal_after: 1s}\n");
  REQUIRE(actions.size() == 2);
  int id = net.add_partition(actions[0].groups, actions[0].one_way);
  CHECK(net.blocked("broker-0", "datanode-4"));
  CHECK_FALSE(net.blocked("broker-0", "datanode-3"));
  CHECK_FALSE(net.blocked("broker-0", "broker-2"));  // rack-2 is in no group
  net.heal(id);
  CHECK_FALSE(net.blocked("broker-0", "datanode-4"));
}
