// The coordination service's settings (sim/coord/coord_cluster.hpp), named and defaulted as
// etcd's flags, as a parameter table a model nests under "coord" so that `sdsim describe MODEL`
// and `sdsim describe service coord` list them.
#pragma once

#include <string>

#include "sim/coord/coord_cluster.hpp"
#include "sim/core/doc.hpp"
#include "sim/core/param_table.hpp"
#include "sim/core/params.hpp"

namespace sdsim::coord_service {

const ParamTable<coord::CoordConfig>& coord_params();

// etcd's own checks of its timing flags (embed.Config.Validate, server/embed/config.go), which
// refuse to start a member: the election timeout at least 5 heartbeat intervals and at most
// 50 s. `group` is where the model nests the table ("coord"); errors point at its fields.
void check_coord(const coord::CoordConfig& c, const ParamValues& params, const std::string& group,
                 Diagnostics& diags);

}  // namespace sdsim::coord_service
