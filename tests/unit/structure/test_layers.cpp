// The include structure the design asks for, held against the code: sim/ folders in the order
// sim/README.md lists them (a file includes only its own folder and folders below), and models
// that include neither the orchestration nor each other.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "1. `core`  ..." lines of the layers list, bottom first.
std::vector<std::string> layers_from_readme() {
  std::vector<std::string> layers;
  std::istringstream in(read(fs::path(SDSIM_SOURCE_DIR) / "sim/README.md"));
  const std::regex item(R"(^\s*\d+\.\s+`([a-z_]+)`)");
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, item)) layers.push_back(m[1]);
  return layers;
}

struct Include {
  std::string file, target;
};

std::vector<Include> includes_under(const std::string& top) {
  std::vector<Include> out;
  const std::regex inc(R"(^\s*#\s*include\s+"([^"]+)\")");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(SDSIM_SOURCE_DIR) / top)) {
    const auto ext = e.path().extension();
    if (ext != ".hpp" && ext != ".cpp") continue;
    std::istringstream in(read(e.path()));
    std::smatch m;
    for (std::string line; std::getline(in, line);)
      if (std::regex_search(line, m, inc))
        out.push_back({fs::relative(e.path(), SDSIM_SOURCE_DIR).string(), m[1]});
  }
  return out;
}

// "sim/net/net.hpp" -> "net"; "" when not under sim/.
std::string sim_folder(const std::string& path) {
  if (path.rfind("sim/", 0) != 0) return "";
  const auto slash = path.find('/', 4);
  return slash == std::string::npos ? "" : path.substr(4, slash - 4);
}

std::string model_folder(const std::string& path) {
  if (path.rfind("models/", 0) != 0) return "";
  const auto slash = path.find('/', 7);
  return slash == std::string::npos ? "" : path.substr(7, slash - 7);
}

}  // namespace

TEST_CASE("structure: includes follow the layers of sim/README.md") {
  const auto layers = layers_from_readme();
  REQUIRE(layers.size() >= 10);
  std::map<std::string, int> rank;
  for (std::size_t i = 0; i < layers.size(); ++i) rank[layers[i]] = int(i);
  for (const auto& entry : fs::directory_iterator(fs::path(SDSIM_SOURCE_DIR) / "sim"))
    if (entry.is_directory()) {
      INFO("sim/" << entry.path().filename().string() << " is not in sim/README.md's layers");
      CHECK(rank.count(entry.path().filename().string()) == 1);
    }
  int checked = 0;
  for (const Include& inc : includes_under("sim")) {
    const std::string from = sim_folder(inc.file), to = sim_folder(inc.target);
    if (to.empty() || !rank.count(from) || !rank.count(to)) continue;
    ++checked;
    INFO(inc.file << " includes " << inc.target << ": sim/" << to << " is above sim/" << from);
    CHECK(rank[to] <= rank[from]);
  }
  CHECK(checked > 50);
}

TEST_CASE("structure: models include neither the orchestration nor each other") {
  const std::vector<std::string> forbidden = {"run", "cli", "sweep", "scenario"};
  for (const Include& inc : includes_under("models")) {
    const std::string to = sim_folder(inc.target);
    for (const auto& f : forbidden) {
      INFO(inc.file << " includes " << inc.target);
      CHECK(to != f);
    }
    const std::string other = model_folder(inc.target);
    if (!other.empty()) {
      INFO(inc.file << " includes another model's " << inc.target);
      CHECK(other == model_folder(inc.file));
    }
  }
}
