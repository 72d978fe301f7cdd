// Model parameters: each model declares a schema (name, type, default, unit, range, one line
// of doc); `validate_params` checks a scenario's `params:` against it and resolves defaults.
// `sdsim describe` prints the same schema, so the docs cannot drift from the code.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/core/doc.hpp"

namespace sdsim {

enum class ParamType { Int, Real, Bool, String, Choice, Duration, Size, Rate, Bandwidth, Group };

struct ParamSpec {
  std::string name;               // key within its parent
  ParamType type = ParamType::Real;
  std::string default_text;       // as a user would write it ("1s", "10", "exponential"); "" = required
  std::string doc;                // one line
  double min = -std::numeric_limits<double>::infinity();  // SI, inclusive
  double max = std::numeric_limits<double>::infinity();
  // Initialised so that brace-initialised specs may stop after any field under -Wextra.
  std::vector<std::string> choices = {};  // ParamType::Choice
  std::vector<ParamSpec> children = {};   // ParamType::Group (a nested map)
};

// A resolved parameter value: numbers in SI, text for strings and choices.
struct ParamValue {
  ParamType type = ParamType::Real;
  double number = 0.0;   // Int, Real, Bool (0/1), Duration, Size, Rate, Bandwidth
  std::string text;      // String, Choice; for every type, the text it was given as
  bool from_default = true;
  Location loc;          // where it was written, or where its group is when defaulted
};

// Flat, ordered by dotted path ("service.mean"): deterministic iteration for the manifest.
class ParamValues {
 public:
  void set(const std::string& path, ParamValue v) { values_[path] = std::move(v); }
  bool has(const std::string& path) const { return values_.count(path) != 0; }
  // Accessors throw std::logic_error (a bug, not user input) when the path is not declared in
  // the schema or has a type the accessor cannot give (integer() of a duration, flag() of an int).
  double number(const std::string& path) const;
  long long integer(const std::string& path) const;
  bool flag(const std::string& path) const;
  const std::string& text(const std::string& path) const;
  // Where the value was written (or its group, for a default): for cross-field errors.
  const Location& where(const std::string& path) const;
  const std::map<std::string, ParamValue>& all() const { return values_; }

 private:
  std::map<std::string, ParamValue> values_;
};

// Checks `params` (a map, or null when absent) against `schema`. Unknown keys get a
// suggestion; defaults fill what is missing; `base_path` prefixes every reported path
// ("params"). Errors go to `diags`. `where` locates "missing required key" errors when
// `params` is absent (typically the scenario root's location).
ParamValues validate_params(const Doc* params, const std::vector<ParamSpec>& schema,
                            const std::string& base_path, Diagnostics& diags,
                            const Location& where = {});

const char* param_type_name(ParamType t);  // "int", "duration", ...
// SI unit for dimensioned types ("s", "B", "1/s", "B/s"), "" otherwise.
const char* param_unit(ParamType t);

}  // namespace sdsim
