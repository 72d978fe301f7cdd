// The key tables behind `sdsim describe <topic>` are the loaders' own lists of accepted keys;
// here their documented defaults are held against what the loaders really do.
#include <doctest/doctest.h>

#include <map>

#include "sim/core/doc.hpp"
#include "sim/core/units.hpp"
#include "sim/workload/workload.hpp"

using namespace sdsim;

namespace {

double quantity(const std::string& text, Dimension d) {
  auto q = parse_quantity(text, d);
  REQUIRE_MESSAGE(q.ok, text);
  return q.value;
}

}  // namespace

TEST_CASE("describe workload: every documented default is the parser's default") {
  Diagnostics diags;
  const Doc doc = parse_yaml_text("duration: 10s\n", "<test>");
  const WorkloadSpec w = parse_workload(&doc, 0, diags);
  REQUIRE(diags.ok());
  int checked = 0;
  for (const KeyDoc& k : workload_keys()) {
    CAPTURE(k.key);
    if (k.default_text.empty() || k.default_text == "model's") continue;
    ++checked;
    if (k.key == "arrival") CHECK(w.arrival == k.default_text);
    else if (k.key == "rate") CHECK(w.rate == quantity(k.default_text, Dimension::Rate));
    else if (k.key == "loop") CHECK(w.loop == k.default_text);
    else if (k.key == "clients") CHECK(w.clients == std::stoi(k.default_text));
    else if (k.key == "think_time") CHECK(w.think_time == quantity(k.default_text, Dimension::Duration));
    else if (k.key == "warmup") CHECK(w.warmup == quantity(k.default_text, Dimension::Duration));
    else if (k.key == "timeout") CHECK(w.timeout == quantity(k.default_text, Dimension::Duration));
    else if (k.key == "retries") CHECK(w.retries == std::stoi(k.default_text));
    else if (k.key == "backoff") CHECK(w.backoff == quantity(k.default_text, Dimension::Duration));
    else FAIL("a documented default this test does not know: ", k.key);
  }
  CHECK(checked >= 8);
  for (const KeyDoc& k : children_of(workload_keys(), "keys")) {
    CAPTURE(k.key);
    if (k.key == "distribution") CHECK(w.keys.distribution == k.default_text);
    else if (k.key == "count") CHECK(w.keys.count == std::stoull(k.default_text));
    else if (k.key == "s") CHECK(w.keys.zipf_s == std::stod(k.default_text));
    else if (k.key == "hot_fraction") CHECK(w.keys.hot_fraction == std::stod(k.default_text));
    else if (k.key == "hot_share") CHECK(w.keys.hot_share == std::stod(k.default_text));
    else FAIL("undocumented key default: ", k.key);
  }
}

TEST_CASE("describe workload: a key the table does not list is refused") {
  Diagnostics diags;
  const Doc doc = parse_yaml_text("duration: 10s\nrat: 5/s\n", "<test>");
  parse_workload(&doc, 0, diags);
  REQUIRE_FALSE(diags.ok());
  CHECK(diags.str().find("did you mean 'rate'") != std::string::npos);
}
