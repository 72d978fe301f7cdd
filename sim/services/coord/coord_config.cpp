#include "sim/services/coord/coord_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::coord_service {

const ParamTable<coord::CoordConfig>& coord_params() {
  using coord::CoordConfig;
  static const ParamTable<CoordConfig> t = [] {
    ParamTable<CoordConfig> p;
    p.duration("heartbeat_interval", &CoordConfig::heartbeat_interval, "100ms",
               "the leader's AppendEntries heartbeat period (etcd --heartbeat-interval)", 0.001)
        .duration("election_timeout", &CoordConfig::election_timeout, "1s",
                  "a follower that hears no leader for a wait drawn uniformly in [T, 2T) starts "
                  "an election (etcd --election-timeout; etcd wants it >= 5 heartbeats)",
                  0.001)
        .integer("max_append", &CoordConfig::max_append, "64",
                 "log entries per AppendEntries message", 1, 100000)
        .duration("tick", &CoordConfig::tick, "10ms",
                  "how often a node looks at its timers (the resolution of every timeout)", 0.0001)
        .flag("check_quorum", &CoordConfig::check_quorum, "true",
              "a leader that hears from no majority during an election timeout steps down, and "
              "a node that heard a leader within one ignores higher-term vote requests (etcd's "
              "default; false is plain Raft, where a node cut off one way deposes the leader)");
    return p;
  }();
  return t;
}

}  // namespace sdsim::coord_service

// `sdsim describe service coord`
static const sdsim::ServiceParamsRegistration coord_registration{
    "coord", "etcd-like replicated registry with leases and watches, over Raft (sim/coord)",
    &sdsim::coord_service::coord_params};
