#include "sim/core/doc.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sdsim {

// ---------------------------------------------------------------------------------------------
// Locations, diagnostics

std::string Location::str() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, col);
}

std::string Diagnostic::str() const {
  std::string where = loc.str();
  std::string out = where.empty() ? "error: " : where + ": error: ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

void Diagnostics::error(const Location& loc, const std::string& path, const std::string& message) {
  list_.push_back({loc, path, message});
}

std::string Diagnostics::str() const {
  // In reading order within each file (files in the order their first error was found), so a
  // user can fix them top to bottom.
  std::vector<std::string> files;
  for (const Diagnostic& d : list_)
    if (std::find(files.begin(), files.end(), d.loc.file) == files.end()) files.push_back(d.loc.file);
  std::vector<Diagnostic> sorted = list_;
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto fa = std::find(files.begin(), files.end(), a.loc.file);
    auto fb = std::find(files.begin(), files.end(), b.loc.file);
    if (fa != fb) return fa < fb;
    return std::pair(a.loc.line, a.loc.col) < std::pair(b.loc.line, b.loc.col);
  });
  std::string out;
  for (const Diagnostic& d : sorted) out += d.str() + "\n";
  return out;
}

namespace {
std::string first_line(const Diagnostics& d) {
  return d.list().empty() ? "input error" : d.list().front().str();
}
}  // namespace

InputError::InputError(Diagnostics d) : std::runtime_error(first_line(d)), diags(std::move(d)) {}

// ---------------------------------------------------------------------------------------------
// Doc

Doc& Doc::add_field(const std::string& key, Doc value, const Location& key_loc) {
  fields.emplace_back(key, std::move(value));
  key_locs.push_back(key_loc);
  return fields.back().second;
}

const Location& Doc::key_loc(std::size_t i) const {
  return i < key_locs.size() ? key_locs[i] : fields.at(i).second.loc;
}

const Doc* Doc::find(const std::string& key) const {
  if (!is_map()) return nullptr;
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

Doc* Doc::find(const std::string& key) {
  return const_cast<Doc*>(static_cast<const Doc&>(*this).find(key));
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// ---------------------------------------------------------------------------------------------
// YAML -> Doc

namespace {

// yaml-cpp marks are 0-based, and -1 for nodes it could not place (an empty document).
Location location_of(const YAML::Mark& m, const std::string& file) {
  if (m.line < 0) return {file, 1, 1};
  return {file, m.line + 1, m.column + 1};
}

std::optional<std::size_t> index_of(const Doc& map, const std::string& key) {
  for (std::size_t i = 0; i < map.fields.size(); ++i)
    if (map.fields[i].first == key) return i;
  return std::nullopt;
}

class DocBuilder {
 public:
  DocBuilder(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  // Aliases are expanded here: a document of many aliases to aliases ("billion laughs"), or one
  // that refers to itself, would never end. Depth and size after expansion are bounded.
  static constexpr int kMaxDepth = 64;
  static constexpr std::size_t kMaxNodes = 100'000;

  Doc build(const YAML::Node& node, const std::string& path, int depth = 0) {
    Doc d;
    d.loc = location_of(node.Mark(), file_);
    if (failed_) return d;
    if (depth > kMaxDepth || ++nodes_ > kMaxNodes) {
      failed_ = true;
      diags_.error(d.loc, path,
                   depth > kMaxDepth
                       ? fmt::format("nested more than {} levels deep (an alias that refers to itself?)", kMaxDepth)
                       : fmt::format("more than {} values once aliases are expanded (a document of aliases to "
                                     "aliases?)", kMaxNodes));
      return d;
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        d.kind = Doc::Kind::Scalar;
        d.scalar = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        d.kind = Doc::Kind::Seq;
        for (std::size_t i = 0; i < node.size(); ++i)
          d.items.push_back(build(node[i], join_path(path, std::to_string(i)), depth + 1));
        break;
      case YAML::NodeType::Map:
        d.kind = Doc::Kind::Map;
        build_map(node, path, d, depth);
        break;
      default:  // Null and Undefined: `~`, `null`, or nothing at all
        break;
    }
    return d;
  }

 private:
  void build_map(const YAML::Node& node, const std::string& path, Doc& d, int depth) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      Location key_loc = location_of(it->first.Mark(), file_);
      if (!it->first.IsScalar()) {
        diags_.error(key_loc, path, "map keys must be plain text");
        continue;
      }
      std::string key = it->first.Scalar();
      std::string key_path = join_path(path, key);
      if (auto first = index_of(d, key)) {
        diags_.error(key_loc, key_path,
                     fmt::format("duplicate key (first given at line {})", d.key_loc(*first).line));
        continue;
      }
      Doc value = build(it->second, key_path, depth + 1);
      // An empty value ("key:" then a newline) is placed by yaml-cpp on the next token, which
      // may be lines below; the key is where a reader looks for it.
      if (value.is_null() && value.loc.line != key_loc.line) value.loc = key_loc;
      d.add_field(key, std::move(value), key_loc);
    }
  }

  std::string file_;
  Diagnostics& diags_;
  std::size_t nodes_ = 0;
  bool failed_ = false;
};

}  // namespace

Doc parse_yaml_text(const std::string& text, const std::string& file_label) {
  Diagnostics diags;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diags.error(location_of(e.mark, file_label), "", "YAML syntax: " + e.msg);
    throw InputError(std::move(diags));
  }
  Doc doc = DocBuilder(file_label, diags).build(root, "");
  if (!diags.ok()) throw InputError(std::move(diags));
  return doc;
}

Doc load_yaml_file(const std::string& path) {
  auto fail = [&](const std::string& reason) {
    Diagnostics diags;
    diags.error({path, 0, 0}, "", "cannot read file: " + reason);
    return InputError(std::move(diags));
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw fail("it is a directory");
  // A scenario, platform or sweep file is a page or two of YAML; anything this large is a
  // mistake (a data file named by accident), refused before it is read.
  constexpr std::uintmax_t kMaxBytes = 16u << 20;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxBytes)
    throw fail(fmt::format("{} bytes; a YAML input is at most 16 MiB (data sets load from their own formats)", size));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail(std::strerror(errno));
  // The size above is unknown for a pipe or a device (/dev/stdin, /dev/zero): the read itself
  // stops at the first chunk past the limit.
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= kMaxBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw fail(std::strerror(errno));
  if (text.size() > kMaxBytes)
    throw fail("more than 16 MiB; a YAML input is at most 16 MiB (data sets load from their own formats)");
  return parse_yaml_text(text, path);
}

// ---------------------------------------------------------------------------------------------
// Suggestions

namespace {

// Edit distance counting an adjacent transposition as one edit ("zpif" -> "zipf"), the most
// common typing slip (optimal string alignment).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string join_list(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  const std::string* best = nullptr;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) best = &c, best_distance = d;  // strict: ties keep the earlier one
  }
  return best ? "did you mean '" + *best + "'?" : "";
}

// ---------------------------------------------------------------------------------------------
// Typed reads

namespace {

// How a wrong value is quoted back to the user.
std::string shown(const Doc& d) {
  switch (d.kind) {
    case Doc::Kind::Scalar:
      return "'" + d.scalar + "'";
    case Doc::Kind::Seq:
      return "a list";
    case Doc::Kind::Map:
      return "a map";
    case Doc::Kind::Null:
      break;
  }
  return "nothing";
}

void type_error(const Doc& d, const std::string& path, Diagnostics& diags,
                const std::string& expected) {
  diags.error(d.loc, path, "expected " + expected + ", got " + shown(d));
}

// "must be between 1 and 10, got 0", "must be at least 1, got 0", "must be at most 5, got 9";
// an infinite bound means no bound. `show` formats a value in the user's terms.
template <typename T, typename Show>
bool check_range(const Doc& d, const std::string& path, Diagnostics& diags, T value, T min, T max,
                 bool has_min, bool has_max, Show show) {
  if ((!has_min || value >= min) && (!has_max || value <= max)) return true;
  std::string rule = has_min && has_max ? "must be between " + show(min) + " and " + show(max)
                     : has_min          ? "must be at least " + show(min)
                                        : "must be at most " + show(max);
  diags.error(d.loc, path, rule + ", got " + show(value));
  return false;
}

std::string show_real(double v) { return fmt::format("{}", v); }

bool parse_real(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

// The units parser's own example suffix repeats what our message already says.
std::string quantity_detail(const std::string& error, Dimension dim) {
  std::string suffix =
      std::string(" (a ") + dimension_name(dim) + ", e.g. " + unit_example(dim) + ")";
  std::string detail = error;
  if (detail.size() >= suffix.size() && detail.ends_with(suffix))
    detail.erase(detail.size() - suffix.size());
  return detail.starts_with("expected a number") ? "" : detail;
}

// YAML 1.1 booleans that YAML 1.2 (and so sdsim) reads as strings: tell the user what to write.
std::string bool_hint(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* t : {"true", "yes", "y", "on"})
    if (lower == t) return " (write true)";
  for (const char* f : {"false", "no", "n", "off"})
    if (lower == f) return " (write false)";
  return "";
}

}  // namespace

std::optional<std::string> read_string(const Doc& d, const std::string& path, Diagnostics& diags) {
  if (!d.is_scalar()) {
    type_error(d, path, diags, "a string");
    return std::nullopt;
  }
  return d.scalar;
}

std::optional<bool> read_bool(const Doc& d, const std::string& path, Diagnostics& diags) {
  if (d.is_scalar() && d.scalar == "true") return true;
  if (d.is_scalar() && d.scalar == "false") return false;
  std::string hint = d.is_scalar() ? bool_hint(d.scalar) : "";
  diags.error(d.loc, path, "expected true or false, got " + shown(d) + hint);
  return std::nullopt;
}

std::optional<long long> read_int(const Doc& d, const std::string& path, Diagnostics& diags,
                                  long long min, long long max) {
  long long value = 0;
  if (!d.is_scalar()) {
    type_error(d, path, diags, "an integer");
    return std::nullopt;
  }
  const std::string& s = d.scalar;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ptr != s.data() + s.size() || s.empty()) {
    type_error(d, path, diags, "an integer");
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range) {
    diags.error(d.loc, path, "integer " + s + " is out of range");
    return std::nullopt;
  }
  auto show = [](long long v) { return std::to_string(v); };
  if (!check_range(d, path, diags, value, min, max, min != LLONG_MIN, max != LLONG_MAX, show))
    return std::nullopt;
  return value;
}

std::optional<double> read_real(const Doc& d, const std::string& path, Diagnostics& diags,
                                double min, double max) {
  double value = 0;
  if (!d.is_scalar() || !parse_real(d.scalar, value)) {
    type_error(d, path, diags, "a number");
    return std::nullopt;
  }
  if (!check_range(d, path, diags, value, min, max, std::isfinite(min), std::isfinite(max),
                   show_real))
    return std::nullopt;
  return value;
}

std::optional<double> read_quantity(const Doc& d, const std::string& path, Diagnostics& diags,
                                    Dimension dim, double min, double max) {
  std::string expected = std::string("a ") + dimension_name(dim) + " such as " + unit_example(dim);
  if (!d.is_scalar()) {
    type_error(d, path, diags, expected);
    return std::nullopt;
  }
  QuantityParse q = parse_quantity(d.scalar, dim);
  if (!q.ok) {
    std::string detail = quantity_detail(q.error, dim);
    diags.error(d.loc, path,
                "expected " + expected + ", got '" + d.scalar + "'" +
                    (detail.empty() ? "" : ": " + detail));
    return std::nullopt;
  }
  auto show = [dim](double v) { return format_quantity(v, dim); };
  if (!check_range(d, path, diags, q.value, min, max, std::isfinite(min), std::isfinite(max), show))
    return std::nullopt;
  return q.value;
}

std::optional<std::string> read_choice(const Doc& d, const std::string& path, Diagnostics& diags,
                                       const std::vector<std::string>& choices) {
  if (!d.is_scalar()) {
    type_error(d, path, diags, "one of: " + join_list(choices));
    return std::nullopt;
  }
  if (std::find(choices.begin(), choices.end(), d.scalar) != choices.end()) return d.scalar;
  std::string hint = suggest(d.scalar, choices);
  diags.error(d.loc, path,
              "unknown value '" + d.scalar + "'" +
                  (hint.empty() ? "; expected one of: " + join_list(choices) : " (" + hint + ")"));
  return std::nullopt;
}

bool check_keys(const Doc& d, const std::string& path, Diagnostics& diags,
                const std::vector<std::string>& allowed) {
  if (d.is_null()) return true;  // "section:" with nothing under it is an empty map
  if (!d.is_map()) {
    type_error(d, path, diags, "a map");
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < d.fields.size(); ++i) {
    const std::string& key = d.fields[i].first;
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string hint = suggest(key, allowed);
    diags.error(d.key_loc(i), join_path(path, key),
                hint.empty() ? "unknown key; expected one of: " + join_list(allowed)
                             : "unknown key (" + hint + ")");
    ok = false;
  }
  return ok;
}

}  // namespace sdsim
