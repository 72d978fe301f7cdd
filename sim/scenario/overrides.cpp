#include "sim/scenario/overrides.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <vector>

namespace sdsim {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    segments.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return segments;
    start = dot + 1;
  }
}

bool is_index(const std::string& segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(),
                                         [](unsigned char c) { return std::isdigit(c); });
}

// Every node of an override is "written" on the command line, not in the file.
void relocate(Doc& d, const Location& loc) {
  d.loc = loc;
  for (Location& k : d.key_locs) k = loc;
  for (Doc& item : d.items) relocate(item, loc);
  for (auto& field : d.fields) relocate(field.second, loc);
}

// The override's value as a Doc; YAML errors are reported against the override itself.
std::optional<Doc> parse_value(const Override& o, const Location& loc, Diagnostics& diags) {
  try {
    Doc value = parse_yaml_text(o.value, loc.file);
    relocate(value, loc);
    return value;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diags.list()) diags.error(loc, o.path, d.message);
    return std::nullopt;
  }
}

std::string items_phrase(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " item" : " items");
}

// One step down the path from `node` (whose own path is `here`), creating a map entry when the
// key is missing. nullptr, with a diagnostic, when the step is impossible.
Doc* step(Doc& node, const std::string& segment, const std::string& here, const Location& loc,
          Diagnostics& diags) {
  const std::string next = join_path(here, segment);
  const std::string name = here.empty() ? "the scenario" : here;
  if (node.is_seq()) {
    if (!is_index(segment)) {
      diags.error(
          loc, next,
          name + " is a list; address an item by its index, such as " + join_path(here, "0"));
      return nullptr;
    }
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
    if (ec != std::errc() || ptr != segment.data() + segment.size() || index >= node.items.size()) {
      diags.error(loc, next,
                  "index " + segment + " out of range (" + name + " has " +
                      items_phrase(node.items.size()) + ")");
      return nullptr;
    }
    return &node.items[index];
  }
  if (node.is_scalar()) {
    diags.error(loc, next, name + " is a single value, not a map or a list");
    return nullptr;
  }
  node.kind = Doc::Kind::Map;  // an absent or empty section becomes a map
  if (Doc* child = node.find(segment)) return child;
  Doc created;
  created.loc = loc;
  return &node.add_field(segment, std::move(created), loc);
}

}  // namespace

Override parse_override(const std::string& arg, Diagnostics& diags) {
  const Location loc{"--set " + arg, 0, 0};
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos) {
    diags.error(loc, "", "expected key.path=value");
    return {};
  }
  Override o{arg.substr(0, eq), arg.substr(eq + 1)};
  const std::vector<std::string> segments = split_path(o.path);
  if (std::any_of(segments.begin(), segments.end(), [](const std::string& s) { return s.empty(); }))
    diags.error(loc, "", "empty key path or path segment in '" + o.path + "'");
  return o;
}

void apply_override(Doc& root, const Override& o, Diagnostics& diags) {
  const Location loc{"--set " + o.path + "=" + o.value, 0, 0};
  std::optional<Doc> value = parse_value(o, loc, diags);
  if (!value) return;
  apply_override_doc(root, o.path, *value, loc, diags);
}

void apply_override_doc(Doc& root, const std::string& path, const Doc& value, const Location& loc,
                        Diagnostics& diags) {
  const std::vector<std::string> segments = split_path(path);
  if (segments.empty() || std::any_of(segments.begin(), segments.end(), [](const std::string& s) { return s.empty(); })) {
    diags.error(loc, path, "empty key path or path segment in '" + path + "'");
    return;
  }
  Doc* node = &root;
  std::string here;
  for (const std::string& segment : segments) {
    node = step(*node, segment, here, loc, diags);
    if (!node) return;
    here = join_path(here, segment);
  }
  *node = value;
}

}  // namespace sdsim
