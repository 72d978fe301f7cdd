// A metric as a model or the framework declares it: the name every output and `expect:` uses,
// its SI unit and one line of doc.
#pragma once

#include <string>

namespace sdsim {

struct MetricSpec {
  std::string name;  // dotted: "e2e_latency.p99"
  std::string unit;  // "s", "B", "1/s", "B/s", or "" for a count or ratio
  std::string doc;   // one line
};

}  // namespace sdsim
