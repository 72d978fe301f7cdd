// `--set key.path=value` overrides: applied to the scenario's Doc tree before validation, so an
// overridden value is checked exactly like one written in the file.
#pragma once

#include <string>

#include "sim/core/doc.hpp"

namespace sdsim {

struct Override {
  std::string path;   // dotted; a decimal segment indexes a list item ("faults.0.at")
  std::string value;  // a YAML fragment: "35s", "[1, 2]", "{a: 1}"
};

// Splits "key.path=value" at the first '='. Reports a missing '=' or an empty path segment.
Override parse_override(const std::string& arg, Diagnostics& diags);

// Replaces (or creates, with any missing intermediate maps) the node at `o.path` in `root`.
// The new nodes are located at "--set key.path=value", so later validation errors name the
// override rather than a line of the file.
void apply_override(Doc& root, const Override& o, Diagnostics& diags);
// The same with the value already a document (a variant's override, located in its file).
void apply_override_doc(Doc& root, const std::string& path, const Doc& value, const Location& loc,
                        Diagnostics& diags);

}  // namespace sdsim
