#include "sim/storage/road_graph/dimacs.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace sdsim::storage::road_graph {

namespace {

class LineReader {
 public:
  LineReader(std::istream& in, const std::string& name) : in_(in), name_(name) {}
  // The next non-comment, non-blank line split into fields; false at the end.
  bool next(std::vector<std::string_view>& fields) {
    while (std::getline(in_, text_)) {
      ++line_;
      if (!text_.empty() && text_.back() == '\r') text_.pop_back();
      fields.clear();
      std::size_t i = 0;
      while (i < text_.size()) {
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < text_.size() && text_[j] != ' ' && text_[j] != '\t') ++j;
        if (j > i) fields.emplace_back(text_.data() + i, j - i);
        i = j;
      }
      if (fields.empty() || fields[0] == "c") continue;
      return true;
    }
    return false;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw DimacsError(name_ + ":" + std::to_string(line_) + ": error: " + what);
  }
  // An integer field in [lo, hi], named in the error.
  long long integer(std::string_view text, const char* what, long long lo, long long hi) const {
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      fail(std::string(what) + " '" + std::string(text) + "' is not an integer");
    if (v < lo || v > hi)
      fail(std::string(what) + " " + std::to_string(v) + " is outside [" + std::to_string(lo) +
           ", " + std::to_string(hi) + "]");
    return v;
  }
  int line() const { return line_; }

 private:
  std::istream& in_;
  const std::string& name_;
  std::string text_;
  int line_ = 0;
};

constexpr long long kMaxNodes = 0xFFFFFFFELL;

}  // namespace

RoadGraph load_dimacs(std::istream& gr, const std::string& gr_name, std::istream* co,
                      const std::string& co_name) {
  LineReader r(gr, gr_name);
  std::vector<std::string_view> f;
  long long n = -1, m = -1;
  std::vector<ArcSpec> arcs;
  while (r.next(f)) {
    if (f[0] == "p") {
      if (n >= 0) r.fail("a second problem line");
      if (f.size() != 4 || f[1] != "sp") r.fail("the problem line must be 'p sp NODES ARCS'");
      n = r.integer(f[2], "node count", 1, kMaxNodes);
      m = r.integer(f[3], "arc count", 0, 0xFFFFFFFELL);
      arcs.reserve(std::size_t(m));
    } else if (f[0] == "a") {
      if (n < 0) r.fail("an arc before the problem line 'p sp NODES ARCS'");
      if (f.size() != 4) r.fail("an arc line must be 'a FROM TO WEIGHT'");
      if (static_cast<long long>(arcs.size()) == m)
        r.fail("more arcs than the " + std::to_string(m) + " the problem line announced");
      const auto u = r.integer(f[1], "node id", 1, n), v = r.integer(f[2], "node id", 1, n);
      const auto w = r.integer(f[3], "arc weight", 0, (1LL << 53));
      arcs.push_back({NodeId(u - 1), NodeId(v - 1), double(w), double(w), RoadClass::local});
    } else {
      r.fail("unknown line type '" + std::string(f[0]) + "' (expected c, p or a)");
    }
  }
  if (n < 0) r.fail("no problem line 'p sp NODES ARCS'");
  if (static_cast<long long>(arcs.size()) != m)
    r.fail(std::to_string(arcs.size()) + " arcs where the problem line announced " +
           std::to_string(m));

  std::vector<Position> pos;
  if (co) {
    LineReader c(*co, co_name);
    long long cn = -1;
    std::vector<bool> seen;
    std::size_t count = 0;
    while (c.next(f)) {
      if (f[0] == "p") {
        if (cn >= 0) c.fail("a second problem line");
        if (f.size() != 5 || f[1] != "aux" || f[2] != "sp" || f[3] != "co")
          c.fail("the problem line must be 'p aux sp co NODES'");
        cn = c.integer(f[4], "node count", 1, kMaxNodes);
        if (cn != n)
          c.fail("coordinates for " + std::to_string(cn) + " nodes but " + gr_name + " has " +
                 std::to_string(n));
        pos.assign(std::size_t(n), {});
        seen.assign(std::size_t(n), false);
      } else if (f[0] == "v") {
        if (cn < 0) c.fail("a node before the problem line 'p aux sp co NODES'");
        if (f.size() != 4) c.fail("a node line must be 'v ID X Y'");
        const auto id = c.integer(f[1], "node id", 1, n);
        if (seen[std::size_t(id - 1)]) c.fail("node " + std::to_string(id) + " given twice");
        seen[std::size_t(id - 1)] = true;
        ++count;
        const double x = double(c.integer(f[2], "x coordinate", -(1LL << 53), 1LL << 53));
        const double y = double(c.integer(f[3], "y coordinate", -(1LL << 53), 1LL << 53));
        pos[std::size_t(id - 1)] = {x, y};
      } else {
        c.fail("unknown line type '" + std::string(f[0]) + "' (expected c, p or v)");
      }
    }
    if (cn < 0) c.fail("no problem line 'p aux sp co NODES'");
    if (static_cast<long long>(count) != n)
      c.fail(std::to_string(count) + " nodes have coordinates, " + std::to_string(n) +
             " expected");
  }
  return RoadGraph(std::size_t(n), std::move(arcs), std::move(pos));
}

RoadGraph load_dimacs_files(const std::string& gr_path, const std::string& co_path) {
  std::ifstream gr(gr_path);
  if (!gr) throw DimacsError(gr_path + ": error: cannot open the file");
  if (co_path.empty()) return load_dimacs(gr, gr_path);
  std::ifstream co(co_path);
  if (!co) throw DimacsError(co_path + ": error: cannot open the file");
  return load_dimacs(gr, gr_path, &co, co_path);
}

}  // namespace sdsim::storage::road_graph
