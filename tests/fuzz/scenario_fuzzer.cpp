// libFuzzer target: the scenario loader and the `--set` parser, i.e. what `sdsim validate`
// does before it builds a SimGrid engine. The input is a scenario file's text; each line
// that starts with "#set " is also passed as one `--set` argument (the rest of the line), so
// one input exercises both the YAML document and the overrides applied to it. A YAML comment
// to the loader, the line changes nothing else.
//
// A finding is anything but a return or an InputError: a crash, an uncaught exception (which
// `sdsim validate` would turn into SIGABRT), a sanitizer report, a timeout, or memory above
// libFuzzer's -rss_limit_mb; an InputError with no diagnostic, or one without a location, is
// reported too (bad input must get a located message).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;

// The input is written to <tmp>/scenarios/fuzz/scn.yaml, beside <tmp>/platforms (a link to the
// source tree's), so the repository's scenarios find their platform files
// (../../platforms/...) as they do in place.
fs::path g_dir;
std::string g_file;

void remove_dir() {
  std::error_code ec;
  fs::remove_all(g_dir, ec);
}

bool write_input(const std::string& text) {
  std::FILE* f = std::fopen(g_file.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl = (fs::exists("/dev/shm") ? "/dev/shm" : fs::temp_directory_path().string()) +
                     "/sdsim-fuzz-XXXXXX";
  if (!::mkdtemp(tmpl.data())) {
    std::perror("scenario_fuzzer: mkdtemp");
    std::abort();
  }
  g_dir = tmpl;
  std::atexit(remove_dir);
  fs::create_directories(g_dir / "scenarios" / "fuzz");
  fs::create_directory_symlink(fs::path(SDSIM_SOURCE_DIR) / "platforms", g_dir / "platforms");
  g_file = (g_dir / "scenarios" / "fuzz" / "scn.yaml").string();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> sets;
  constexpr std::string_view kSet = "#set ";
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + at, end - at);
    if (line.substr(0, kSet.size()) == kSet) sets.emplace_back(line.substr(kSet.size()));
    at = end + 1;
  }
  if (!write_input(text)) {
    std::perror("scenario_fuzzer: writing the input");
    std::abort();
  }
  try {
    sdsim::Scenario sc = sdsim::load_scenario(g_file, sets, -1);
  } catch (const sdsim::InputError& e) {
    if (e.diags.list().empty()) {
      std::fprintf(stderr, "scenario_fuzzer: InputError without a diagnostic\n");
      std::abort();
    }
    for (const sdsim::Diagnostic& d : e.diags.list())
      if (d.loc.file.empty() || d.message.empty()) {
        std::fprintf(stderr, "scenario_fuzzer: diagnostic without a location or a message: %s\n",
                     d.str().c_str());
        std::abort();
      }
  }
  return 0;
}
