#include "sim/services/coord/coord_config.hpp"

#include <fmt/format.h>

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
                  "an election (etcd --election-timeout; like etcd, refused below 5 heartbeat "
                  "intervals and above 50 s)",
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

void check_coord(const coord::CoordConfig& c, const ParamValues& params, const std::string& group,
                 Diagnostics& diags) {
  constexpr double kMaxElection = 50.0;  // s: etcd's maxElectionMs
  const std::string field = group + ".election_timeout";
  if (5 * c.heartbeat_interval > c.election_timeout)
    diags.error(params.where(field), "params." + field,
                fmt::format("{} s is less than 5 heartbeat intervals ({} x 5 = {} s); etcd refuses "
                            "to start with it (--election-timeout should be at least as 5 times "
                            "as --heartbeat-interval)",
                            c.election_timeout, c.heartbeat_interval, 5 * c.heartbeat_interval));
  if (c.election_timeout > kMaxElection)
    diags.error(params.where(field), "params." + field,
                fmt::format("{} s is longer than etcd allows ({} s)", c.election_timeout, kMaxElection));
}

}  // namespace sdsim::coord_service

// `sdsim describe service coord`
static const sdsim::ServiceParamsRegistration coord_registration{
    "coord", "etcd-like replicated registry with leases and watches, over Raft (sim/coord)",
    &sdsim::coord_service::coord_params};
