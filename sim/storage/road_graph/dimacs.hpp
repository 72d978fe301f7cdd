// The 9th DIMACS Implementation Challenge shortest-path formats
// (http://www.diag.uniroma1.it/challenge9/format.shtml):
//   .gr  "c ..." comments, one "p sp N M" problem line, then M arcs "a U V W" (node ids 1..N,
//        W a non-negative integer weight);
//   .co  "c ..." comments, one "p aux sp co N" line, then N lines "v ID X Y" (integers).
// A bad line throws DimacsError whose message is "file:line: error: ..." (the validation every
// input of sdsim gets). Node ids become 0-based; each arc's weight is its cost and its length;
// every arc is a local road (the files carry no class).
#pragma once

#include <istream>
#include <stdexcept>
#include <string>

#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::storage::road_graph {

struct DimacsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// co may be null (no coordinates: A* then has no heuristic). Names are used in messages.
RoadGraph load_dimacs(std::istream& gr, const std::string& gr_name, std::istream* co = nullptr,
                      const std::string& co_name = "");
// From files; an empty co_path means none. A file that cannot be opened is a DimacsError.
RoadGraph load_dimacs_files(const std::string& gr_path, const std::string& co_path = "");

}  // namespace sdsim::storage::road_graph
