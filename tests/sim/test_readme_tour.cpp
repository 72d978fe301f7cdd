// The README's tour works as written: every code block marked `<!-- tour: INTERPRETER -->`
// in README.md is run literally, in a scratch folder that holds the repository's scenarios,
// platforms and analysis and the binary under test as build/sdsim. A shell block runs line
// by line; each line must exit 0, or N when its comment says `# exit N`. A python block runs
// whole with the interpreter the marker names (skipped when it lacks pandas: bash .ci/deps).
// Since the blocks are read from README.md, the README and this test cannot drift apart.
#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

struct TourBlock {
  std::string interpreter;  // "sh" or a python interpreter's path
  int line = 0;             // of the marker in README.md
  std::vector<std::string> lines;
};

std::vector<TourBlock> tour_blocks(const std::string& readme) {
  std::vector<TourBlock> blocks;
  std::istringstream in(readme);
  std::string line;
  const std::regex marker(R"(^<!-- tour: (\S+) -->\s*$)");
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (!std::regex_match(line, m, marker)) continue;
    TourBlock b{m[1].str(), n, {}};
    std::getline(in, line), ++n;
    REQUIRE_MESSAGE(line.rfind("```", 0) == 0, "README.md:", n,
                    ": a tour marker must be followed by a code block");
    while (std::getline(in, line) && (++n, line.rfind("```", 0) != 0)) b.lines.push_back(line);
    blocks.push_back(b);
  }
  return blocks;
}

int expected_exit(const std::string& command) {
  std::smatch m;
  static const std::regex exit_comment(R"(#.*\bexit (\d+)\b)");
  return std::regex_search(command, m, exit_comment) ? std::stoi(m[1].str()) : 0;
}

}  // namespace

TEST_CASE("readme: the tour runs as written") {
  const simt::fs::path src = simt::source_dir();
  const std::vector<TourBlock> blocks = tour_blocks(simt::read_file(src / "README.md"));
  std::size_t commands = 0, python = 0;
  simt::TempDir dir("sdsim-simt-tour");
  for (const char* d : {"scenarios", "platforms", "analysis"})
    simt::fs::create_directory_symlink(src / d, dir / d);
  simt::fs::create_directory(dir / "build");
  simt::fs::create_symlink(SDSIM_BIN, dir / "build" / "sdsim");
  for (const TourBlock& b : blocks) {
    CAPTURE(b.line);
    if (b.interpreter == "sh") {
      for (const std::string& command : b.lines) {
        if (command.empty() || command[0] == '#') continue;
        CAPTURE(command);
        const auto r = simt::run({"/bin/sh", "-c", command}, dir.path(), 600);
        INFO(r.err);
        CHECK(r.exit_code == expected_exit(command));
        ++commands;
      }
      continue;
    }
    if (simt::run({b.interpreter, "-c", "import pandas"}).exit_code != 0) {
      MESSAGE("skipped README.md:", b.line, ": ", b.interpreter,
              " lacks pandas (bash .ci/deps installs it)");
      continue;
    }
    std::string script;
    for (const std::string& l : b.lines) script += l + "\n";
    simt::write_file(dir / "tour.py", script);
    const auto r = simt::run({b.interpreter, "tour.py"}, dir.path(), 120);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    ++python;
  }
  // The markers themselves: a README without them would pass vacuously.
  CHECK(commands >= 5);
  CHECK(blocks.size() >= 2);
  MESSAGE(commands, " tour commands and ", python, " python blocks ran");
}
