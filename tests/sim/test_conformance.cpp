// Every registered model keeps the same contract, checked from the outside: its scenarios
// validate; `sdsim describe` declares every metric a run reports, and a run reports every
// declared metric that has no condition; the same seed gives the same bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

std::vector<std::string> model_names() {
  const auto r = simt::sdsim({"models"});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> names;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    if (words >> first) names.push_back(first);
  }
  return names;
}

struct Declared {
  std::set<std::string> all, conditional;
};

Declared declared_metrics(const std::string& model) {
  const auto r = simt::sdsim({"describe", model});
  REQUIRE(r.exit_code == 0);
  Declared d;
  std::istringstream in(r.out);
  bool in_metrics = false;
  std::string last;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Metrics (", 0) == 0) {
      in_metrics = true;
      continue;
    }
    if (!in_metrics || line.empty()) continue;
    if (line.find("only when:") != std::string::npos) {
      d.conditional.insert(last);
      continue;
    }
    std::istringstream words(line);
    words >> last;
    d.all.insert(last);
  }
  return d;
}

std::vector<std::string> scenarios_of(const std::string& model) {
  std::vector<std::string> out;
  const auto dir = simt::fs::path(simt::source_dir()) / "scenarios" / model;
  if (!simt::fs::exists(dir)) return out;
  for (const auto& e : simt::fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The first scenario (in name order) without `variants:`: a variant run's summary holds
// VARIANT.METRIC names, so the declared-metric checks need a plain run.
std::string first_plain(const std::vector<std::string>& scenarios) {
  for (const auto& s : scenarios) {
    std::istringstream in(simt::read_file(s));
    bool variants = false;
    for (std::string line; std::getline(in, line);) variants = variants || line.rfind("variants:", 0) == 0;
    if (!variants) return s;
  }
  return "";
}

}  // namespace

TEST_CASE("conformance: every model's scenarios, metrics and determinism") {
  const auto models = model_names();
  REQUIRE(models.size() >= 3);
  for (const std::string& model : models) {
    CAPTURE(model);
    const auto scenarios = scenarios_of(model);
    REQUIRE_MESSAGE(!scenarios.empty(), "scenarios/" << model << "/ holds no scenario");
    for (const auto& scn : scenarios) {
      const auto v = simt::sdsim({"validate", scn});
      INFO(scn << "\n" << v.err);
      CHECK(v.exit_code == 0);
    }
    const Declared declared = declared_metrics(model);
    REQUIRE(!declared.all.empty());
    // The first scenario without variants, twice with the same seed.
    const std::string plain = first_plain(scenarios);
    REQUIRE_MESSAGE(!plain.empty(), "scenarios/" << model << "/ has no scenario without variants:");
    simt::TempDir dir("sdsim-simt-conf");
    const auto a = simt::sdsim({"run", plain, "--quiet", "--out", (dir / "a").string()});
    const auto b = simt::sdsim({"run", plain, "--quiet", "--out", (dir / "b").string()});
    INFO(plain << "\n" << a.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    auto sa = simt::read_json(dir / "a/summary.json"), sb = simt::read_json(dir / "b/summary.json");
    for (const auto& metric : sa["metrics"].items()) {
      INFO("metric " << metric.key());
      CHECK(declared.all.count(metric.key()) == 1);  // reported => declared
    }
    for (const auto& name : declared.all)
      if (!declared.conditional.count(name)) {
        INFO("declared metric " << name);
        CHECK(sa["metrics"].contains(name));  // declared without a condition => reported
      }
    sa.erase("wall_time");
    sb.erase("wall_time");
    CHECK(sa == sb);
    for (const char* f : {"requests.csv", "timeseries.csv", "events.csv"}) {
      INFO(f);
      if (simt::fs::exists(dir / "a" / f)) CHECK(simt::read_file(dir / "a" / f) == simt::read_file(dir / "b" / f));
    }
  }
}
