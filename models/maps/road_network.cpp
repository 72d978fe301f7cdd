#include "models/maps/road_network.hpp"

#include <filesystem>
#include <string>

#include "sim/storage/road_graph/dimacs.hpp"

namespace sdsim::maps {

using namespace storage::road_graph;

namespace {
std::string resolve(const std::string& file, const Location& where) {
  const std::filesystem::path p(file);
  if (p.is_absolute() || where.file.empty() || where.file.rfind("--set", 0) == 0) return file;
  return (std::filesystem::path(where.file).parent_path() / p).string();
}
}  // namespace

std::unique_ptr<RoadGraph> load_road_graph(const Config& c, const ParamValues& p,
                                           Diagnostics& diags, std::uint64_t run_seed) {
  const GraphConfig& g = c.graph;
  if (g.source == "grid") {
    GridCityOptions o;
    o.width = std::uint32_t(g.width);
    o.height = std::uint32_t(g.height);
    o.block_m = g.block_m;
    o.arterial_every = std::uint32_t(g.arterial_every);
    o.highway_every = std::uint32_t(g.highway_every);
    o.jitter = g.jitter;
    return std::make_unique<RoadGraph>(
        make_grid_city(o, g.seed > 0 ? std::uint64_t(g.seed) : run_seed));
  }
  if (g.gr == "none") {
    diags.error(p.where("graph.gr"), "params.graph.gr", "source dimacs needs a .gr file");
    return nullptr;
  }
  try {
    const std::string co = g.co == "none" ? "" : resolve(g.co, p.where("graph.co"));
    auto graph =
        std::make_unique<RoadGraph>(load_dimacs_files(resolve(g.gr, p.where("graph.gr")), co));
    if (graph->num_nodes() < 2) {
      diags.error(p.where("graph.gr"), "params.graph.gr", "the graph needs at least 2 nodes");
      return nullptr;
    }
    return graph;
  } catch (const DimacsError& err) {
    // The loader's message is already "file:line: error: ..."; keep it whole.
    const std::string m = err.what();
    const std::size_t at = m.find(": error: ");
    if (at == std::string::npos)
      diags.error(p.where("graph.gr"), "params.graph.gr", m);
    else
      diags.error(Location{m.substr(0, at), 0, 0}, "", m.substr(at + 9));
    return nullptr;
  }
}

}  // namespace sdsim::maps
