// A YAML document as a plain tree that remembers where every node came from, so that any
// error about user input can name `file:line:col` and the dotted key path.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/units.hpp"

namespace sdsim {

struct Location {
  std::string file;  // a path, or "--set key.path=value" for command-line overrides
  int line = 0;      // 1-based; 0 when unknown
  int col = 0;       // 1-based
  std::string str() const;  // "file:line:col" (or "file" when line is 0)
};

struct Doc {
  enum class Kind { Null, Scalar, Seq, Map };
  Kind kind = Kind::Null;
  std::string scalar;                              // Kind::Scalar (text as written)
  std::vector<Doc> items;                          // Kind::Seq
  std::vector<std::pair<std::string, Doc>> fields; // Kind::Map, in file order
  std::vector<Location> key_locs;                  // Kind::Map: where each key is, parallel to fields
  Location loc;                                    // where the value starts

  // Declared here, defined after the class: clang (with libstdc++, C++20) cannot define them
  // implicitly while std::pair<std::string, Doc> above is still incomplete.
  Doc();
  Doc(const Doc&);
  Doc(Doc&&) noexcept;
  Doc& operator=(const Doc&);
  Doc& operator=(Doc&&) noexcept;
  ~Doc();

  // Appends a map entry, keeping key_locs parallel to fields.
  Doc& add_field(const std::string& key, Doc value, const Location& key_loc);
  // Where the i-th key of a map is written (falls back to its value's location).
  const Location& key_loc(std::size_t i) const;

  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_null() const { return kind == Kind::Null; }
  const Doc* find(const std::string& key) const;   // nullptr when absent (maps only)
  Doc* find(const std::string& key);
};

inline Doc::Doc() = default;
inline Doc::Doc(const Doc&) = default;
inline Doc::Doc(Doc&&) noexcept = default;
inline Doc& Doc::operator=(const Doc&) = default;
inline Doc& Doc::operator=(Doc&&) noexcept = default;
inline Doc::~Doc() = default;

// One user-facing error, printed as "file:line:col: error: key.path: message".
struct Diagnostic {
  Location loc;
  std::string path;
  std::string message;
  std::string str() const;
};

// Collects every input error found, so a user sees all of them at once.
class Diagnostics {
 public:
  void error(const Location& loc, const std::string& path, const std::string& message);
  bool ok() const { return list_.empty(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::string str() const;  // one line per diagnostic, each ending in '\n'

 private:
  std::vector<Diagnostic> list_;
};

// Thrown when input is wrong; the CLI prints diags.str() and exits with code 2.
struct InputError : std::runtime_error {
  explicit InputError(Diagnostics d);
  Diagnostics diags;
};

// Loads a YAML file into a Doc. A missing file or a YAML syntax error becomes an InputError
// located at the file (and line/column for syntax errors).
Doc load_yaml_file(const std::string& path);
Doc parse_yaml_text(const std::string& text, const std::string& file_label);

// "did you mean 'service'?" when a candidate is within a small edit distance, else "".
std::string suggest(const std::string& word, const std::vector<std::string>& candidates);

// Typed reads of scalars. Each reports a located error into `diags` and returns nullopt when
// the node has the wrong type, a bad unit, or a value outside [min, max].
std::optional<std::string> read_string(const Doc& d, const std::string& path, Diagnostics& diags);
std::optional<bool> read_bool(const Doc& d, const std::string& path, Diagnostics& diags);
std::optional<long long> read_int(const Doc& d, const std::string& path, Diagnostics& diags,
                                  long long min, long long max);
std::optional<double> read_real(const Doc& d, const std::string& path, Diagnostics& diags,
                                 double min, double max);
std::optional<double> read_quantity(const Doc& d, const std::string& path, Diagnostics& diags,
                                    Dimension dim, double min, double max);
std::optional<std::string> read_choice(const Doc& d, const std::string& path, Diagnostics& diags,
                                       const std::vector<std::string>& choices);
// Reports every key of map `d` not in `allowed` ("unknown key (did you mean 'x'?)"), and
// an error if `d` is not a map. Returns false if anything was reported.
bool check_keys(const Doc& d, const std::string& path, Diagnostics& diags,
                const std::vector<std::string>& allowed);

// Joins a path: join("params", "servers") == "params.servers"; join("", "x") == "x".
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace sdsim
