// The road graph a maps run routes on, from its parameters: a generated grid city or the 9th
// DIMACS challenge files (a bad line is a located input error).
#pragma once

#include <cstdint>
#include <memory>

#include "models/maps/params.hpp"
#include "sim/core/doc.hpp"
#include "sim/core/params.hpp"
#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::maps {

// nullptr when the files are wrong (the errors are in diags).
std::unique_ptr<storage::road_graph::RoadGraph> load_road_graph(const Config& c,
                                                                const ParamValues& p,
                                                                Diagnostics& diags,
                                                                std::uint64_t run_seed);

}  // namespace sdsim::maps
