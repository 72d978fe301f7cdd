// Text made safe inside XML or HTML markup and attribute values (the JUnit report, the
// sequence diagram's page): & < > " as entities, everything else as it is.
#pragma once

#include <string>
#include <string_view>

namespace sdsim {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace sdsim
