#include "sim/core/params.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace sdsim {

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::Int:
      return "int";
    case ParamType::Real:
      return "real";
    case ParamType::Bool:
      return "bool";
    case ParamType::String:
      return "string";
    case ParamType::Choice:
      return "choice";
    case ParamType::Duration:
      return "duration";
    case ParamType::Size:
      return "size";
    case ParamType::Rate:
      return "rate";
    case ParamType::Bandwidth:
      return "bandwidth";
    case ParamType::Group:
      return "group";
  }
  return "";
}

namespace {

std::optional<Dimension> dimension_of(ParamType t) {
  switch (t) {
    case ParamType::Duration:
      return Dimension::Duration;
    case ParamType::Size:
      return Dimension::Size;
    case ParamType::Rate:
      return Dimension::Rate;
    case ParamType::Bandwidth:
      return Dimension::Bandwidth;
    default:
      return std::nullopt;
  }
}

// Schema bounds are doubles (SI); an integer parameter reads them as the integers inside.
long long int_bound(double bound, bool is_min) {
  if (is_min && (!std::isfinite(bound) || bound <= double(LLONG_MIN))) return LLONG_MIN;
  if (!is_min && (!std::isfinite(bound) || bound >= double(LLONG_MAX))) return LLONG_MAX;
  return static_cast<long long>(is_min ? std::ceil(bound) : std::floor(bound));
}

std::optional<double> read_number(const Doc& d, const ParamSpec& spec, const std::string& path,
                                  Diagnostics& diags) {
  if (auto dim = dimension_of(spec.type))
    return read_quantity(d, path, diags, *dim, spec.min, spec.max);
  switch (spec.type) {
    case ParamType::Int: {
      auto v = read_int(d, path, diags, int_bound(spec.min, true), int_bound(spec.max, false));
      return v ? std::optional<double>(double(*v)) : std::nullopt;
    }
    case ParamType::Real:
      return read_real(d, path, diags, spec.min, spec.max);
    case ParamType::Bool: {
      auto v = read_bool(d, path, diags);
      return v ? std::optional<double>(*v ? 1.0 : 0.0) : std::nullopt;
    }
    default:
      return 0.0;  // String and Choice carry text only
  }
}

// One leaf value from its node; nullopt (with a diagnostic) when it does not fit the spec.
std::optional<ParamValue> read_param(const Doc& d, const ParamSpec& spec, const std::string& path,
                                     Diagnostics& diags) {
  ParamValue v;
  v.type = spec.type;
  if (spec.type == ParamType::String || spec.type == ParamType::Choice) {
    auto text = spec.type == ParamType::String ? read_string(d, path, diags)
                                               : read_choice(d, path, diags, spec.choices);
    if (!text) return std::nullopt;
    v.text = *text;
    return v;
  }
  auto number = read_number(d, spec, path, diags);
  if (!number) return std::nullopt;
  v.number = *number;
  v.text = d.scalar;
  return v;
}

// Defaults are written by model authors in the user's notation and read by the same parser,
// so `sdsim describe` shows exactly what a user could type. A default that does not parse is
// a bug in the model, never the user's fault.
ParamValue default_value(const ParamSpec& spec, const std::string& path) {
  Doc d;
  d.kind = Doc::Kind::Scalar;
  d.scalar = spec.default_text;
  d.loc.file = "<default of " + path + ">";
  Diagnostics diags;
  auto v = read_param(d, spec, path, diags);
  if (!v)
    throw std::logic_error("sdsim: bad default in model schema: " + diags.list().front().str());
  return *v;
}

std::vector<std::string> names_of(const std::vector<ParamSpec>& schema) {
  std::vector<std::string> names;
  for (const ParamSpec& s : schema) names.push_back(s.name);
  return names;
}

void validate_group(const Doc* group, const std::vector<ParamSpec>& schema, const std::string& base,
                    const Location& where, Diagnostics& diags, ParamValues& out) {
  if (group && !check_keys(*group, base, diags, names_of(schema)) && !group->is_map()) return;
  const Location& here = group && !group->is_null() ? group->loc : where;
  for (const ParamSpec& spec : schema) {
    const std::string path = join_path(base, spec.name);
    const Doc* node = group ? group->find(spec.name) : nullptr;
    if (spec.type == ParamType::Group) {
      validate_group(node, spec.children, path, here, diags, out);
    } else if (node) {
      if (auto v = read_param(*node, spec, path, diags)) {
        v->from_default = false;
        v->loc = node->loc;
        out.set(path, std::move(*v));
      }
    } else if (spec.default_text.empty()) {
      diags.error(here, path, "missing required key");
    } else {
      ParamValue v = default_value(spec, path);
      v.loc = here;  // a default is "where the parameter would have been written"
      out.set(path, std::move(v));
    }
  }
}

const ParamValue& lookup(const std::map<std::string, ParamValue>& values, const std::string& path) {
  auto it = values.find(path);
  if (it == values.end())
    throw std::logic_error("sdsim: parameter '" + path + "' is not declared in the model's schema");
  return it->second;
}

[[noreturn]] void wrong_accessor(const std::string& path, const ParamValue& v, const char* wanted) {
  throw std::logic_error("sdsim: parameter '" + path + "' is a " + param_type_name(v.type) +
                         ", not " + wanted);
}

}  // namespace

const char* param_unit(ParamType t) {
  auto dim = dimension_of(t);
  return dim ? si_unit(*dim) : "";
}

ParamValues validate_params(const Doc* params, const std::vector<ParamSpec>& schema,
                            const std::string& base_path, Diagnostics& diags,
                            const Location& where) {
  ParamValues located;
  validate_group(params, schema, base_path, where, diags, located);
  // Errors name the full path ("params.service.mean"); models read paths relative to their
  // own schema ("service.mean").
  const std::string prefix = base_path.empty() ? "" : base_path + ".";
  ParamValues out;
  for (const auto& [path, v] : located.all()) out.set(path.substr(prefix.size()), v);
  return out;
}

double ParamValues::number(const std::string& path) const {
  const ParamValue& v = lookup(values_, path);
  if (v.type == ParamType::String || v.type == ParamType::Choice)
    wrong_accessor(path, v, "a number");
  return v.number;
}

long long ParamValues::integer(const std::string& path) const {
  const ParamValue& v = lookup(values_, path);
  if (v.type != ParamType::Int) wrong_accessor(path, v, "an int");
  long long exact = 0;  // from the text: a double cannot hold every 64-bit integer
  std::from_chars(v.text.data(), v.text.data() + v.text.size(), exact);
  return exact;
}

bool ParamValues::flag(const std::string& path) const {
  const ParamValue& v = lookup(values_, path);
  if (v.type != ParamType::Bool) wrong_accessor(path, v, "a bool");
  return v.number != 0.0;
}

const Location& ParamValues::where(const std::string& path) const { return lookup(values_, path).loc; }

const std::string& ParamValues::text(const std::string& path) const {
  return lookup(values_, path).text;
}

}  // namespace sdsim
