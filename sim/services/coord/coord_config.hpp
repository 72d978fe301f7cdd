// The coordination service's settings (sim/coord/coord_cluster.hpp), named and defaulted as
// etcd's flags, as a parameter table a model nests under "coord" so that `sdsim describe MODEL`
// and `sdsim describe service coord` list them.
#pragma once

#include "sim/coord/coord_cluster.hpp"
#include "sim/core/param_table.hpp"

namespace sdsim::coord_service {

const ParamTable<coord::CoordConfig>& coord_params();

}  // namespace sdsim::coord_service
