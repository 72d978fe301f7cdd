#include "sim/services/kv/kv_config.hpp"

#include <cmath>

#include "sim/model/service_params.hpp"

namespace sdsim::kv_service {

double KvConfig::conviction_timeout() const {
  return phi_convict_threshold * std::log(10.0) * gossip_interval;
}

const ParamTable<KvConfig>& kv_params() {
  static const ParamTable<KvConfig> t = [] {
    ParamTable<KvConfig> p;
    p.integer("replication_factor", &KvConfig::replication_factor, "3", "replicas of each key (N)",
              1, 100)
        .integer("num_tokens", &KvConfig::num_tokens, "16",
                 "virtual nodes per node on the ring (Cassandra 4 default)", 1, 1024)
        .choice("mode", &KvConfig::mode, "leaderless",
                "leaderless: any node coordinates at the request's consistency level (Cassandra); "
                "single_leader: the "
                "first live replica of a key leads it, writes and reads go through it at QUORUM",
                {{"leaderless", ReplicationMode::leaderless},
                 {"single_leader", ReplicationMode::single_leader}})
        .flag("rack_aware", &KvConfig::rack_aware, "true",
              "replicas of a key in distinct racks where possible")
        .flag("hinted_handoff_enabled", &KvConfig::hinted_handoff_enabled, "true",
              "coordinators keep writes for replicas that are down and replay them (Cassandra "
              "default)")
        .duration("max_hint_window", &KvConfig::max_hint_window, "3h",
                  "no hints for a replica down longer than this (Cassandra default)")
        .bandwidth("hinted_handoff_throttle", &KvConfig::hinted_handoff_throttle, "1024KiB/s",
                   "hint replay rate per coordinator (Cassandra default 1024 KiB)", 1)
        .duration("hints_flush_period", &KvConfig::hints_flush_period, "10s",
                  "time between hint dispatch rounds (Cassandra default)", 0.001)
        .duration("write_request_timeout", &KvConfig::write_request_timeout, "2s",
                  "a coordinator waits this long for write acknowledgements (Cassandra default)",
                  0.001)
        .duration("read_request_timeout", &KvConfig::read_request_timeout, "5s",
                  "a coordinator waits this long for read answers (Cassandra default)", 0.001)
        .duration("speculative_retry", &KvConfig::speculative_retry, "50ms",
                  "a read target silent this long is backed up by another replica (a fixed "
                  "stand-in for Cassandra's "
                  "99th-percentile default)")
        .duration("gossip_interval", &KvConfig::gossip_interval, "1s",
                  "heartbeats between nodes (Cassandra's gossip)", 0.001)
        .real("phi_convict_threshold", &KvConfig::phi_convict_threshold, "8",
              "failure detector threshold (Cassandra default): conviction after phi * ln 10 gossip "
              "intervals",
              0.1, 100)
        .integer("native_transport_max_threads", &KvConfig::native_transport_max_threads, "128",
                 "coordinator threads per node (Cassandra default)", 1, 4096)
        .duration("leader_takeover", &KvConfig::leader_takeover, "3s",
                  "single_leader: a node back from a crash leads again only after this long "
                  "(itself two gossip "
                  "intervals later still, so that the replica leading meanwhile has stepped down)",
                  0)
        .group("storage",
               "each node's LSM storage engine (sdsim describe: the LSM node's parameters)",
               &KvConfig::storage, lsm_service::lsm_node_params());
    return p;
  }();
  return t;
}

}  // namespace sdsim::kv_service

// `sdsim describe service kv`
static const sdsim::ServiceParamsRegistration kv_registration{
    "kv", "replicated key-value store, Cassandra-like (sim/services/kv)",
    &sdsim::kv_service::kv_params};
