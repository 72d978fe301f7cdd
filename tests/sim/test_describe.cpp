// `sdsim describe` knows every topic, and each topic lists every key its loader accepts (the
// same tables), with a type and a default column.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"

TEST_CASE("describe: the topics, and every key of each") {
  const auto all = simt::sdsim({"describe"});
  REQUIRE(all.exit_code == 0);
  const std::vector<std::string> topics = {"scenario", "workload", "faults", "expect", "platform", "output"};
  for (const auto& t : topics) CHECK(all.out.find("  " + t + " ") != std::string::npos);
  const struct {
    std::string topic;
    std::vector<std::string> keys;
  } expected[] = {
      {"scenario", {"name", "model", "seed", "duration", "horizon", "platform", "network_model", "tcp_gamma", "params",
                    "workload", "faults", "expect", "output", "variants"}},
      {"workload", {"arrival", "rate", "ramp.to", "ramp.over", "burst.rate", "burst.every", "burst.length", "loop",
                    "clients", "think_time", "requests", "duration", "warmup", "timeout", "retries", "backoff", "drain",
                    "keys.distribution", "keys.count", "keys.s", "keys.hot_fraction", "keys.hot_share"}},
      {"faults", {"restart_after", "up_after", "heal_after", "one_way", "bandwidth_factor", "latency_factor", "for",
                  "random.targets", "random.mtbf", "random.mttr", "start", "until", "disk"}},
      {"platform", {"datacenters.racks.hosts", "datacenters.racks.uplink.bandwidth", "host.speed", "host.cores",
                    "host.disks.read", "wan.latency"}},
      {"output", {"interval", "requests", "latency_p99", "errors", "throughput", "retries"}},
      {"expect", {"between", "variants:", "VARIANT.METRIC"}},
  };
  for (const auto& e : expected) {
    CAPTURE(e.topic);
    const auto r = simt::sdsim({"describe", e.topic});
    REQUIRE(r.exit_code == 0);
    for (const auto& k : e.keys) {
      CAPTURE(k);
      CHECK(r.out.find(k) != std::string::npos);
    }
  }
  const auto bad = simt::sdsim({"describe", "worklod"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no model or topic") != std::string::npos);
  const auto platform = simt::sdsim({"describe", "platform", simt::source_dir() + "/platforms/three-racks.yaml"});
  REQUIRE(platform.exit_code == 0);
  CHECK(platform.out.find("rack-2-uplink") != std::string::npos);
  CHECK(platform.out.find("message_queue (default parameters") != std::string::npos);
}

// Each service registers its parameter table in its own folder (sim/model/service_params.hpp);
// `describe services` lists them and `describe service NAME` prints one.
TEST_CASE("describe: the services and their parameter tables") {
  const auto all = simt::sdsim({"describe"});
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("  services ") != std::string::npos);
  const auto list = simt::sdsim({"describe", "services"});
  REQUIRE(list.exit_code == 0);
  const struct {
    std::string service;
    std::vector<std::string> keys;
  } expected[] = {
      {"kv",
       {"replication_factor", "num_tokens", "max_hint_window",
        "storage:", "storage.commitlog_sync"}},
      {"lsm", {"commitlog_sync", "memtable_flush_size", "min_threshold", "costs.fsync"}},
      {"timeseries", {"block_duration", "hot_duration"}},
      {"search", {"refresh_interval", "translog_durability", "costs.cpu_per_token"}},
      {"nosql", {"partitions"}},
      {"log_broker", {"replication_factor"}},
      {"sql",
       {"max_connections", "deadlock_timeout", "recovery_min_apply_delay",
        "costs.cpu_per_statement", "costs.fsync"}},
      {"redis", {"maxmemory", "maxmemory_policy", "costs.cpu_per_delivery"}},
      {"external", {"latency_mean", "failure_rate", "outages"}},
      {"connection", {"ping_interval", "ping_timeout"}},
      {"blob", {"scheme", "ec.k", "heartbeat.grace", "cost.disk_access_time", "timeout"}},
  };
  for (const auto& e : expected) {
    CAPTURE(e.service);
    CHECK(list.out.find("  " + e.service + " ") != std::string::npos);
    const auto r = simt::sdsim({"describe", "service", e.service});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("service " + e.service + ":") == 0);
    for (const auto& k : e.keys) {
      CAPTURE(k);
      CHECK(r.out.find("  " + k) != std::string::npos);
    }
  }
  const auto bad = simt::sdsim({"describe", "service", "kvv"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("'kvv' is no service") != std::string::npos);
  CHECK(bad.err.find("  kv ") != std::string::npos);
  CHECK(bad.out.empty());
  CHECK(simt::sdsim({"describe", "service"}).exit_code == 2);
}
