// Helpers for the simulation tests: run the sdsim CLI in a child process, capture what it
// prints and its exit code, and read the files it writes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace simt {

namespace fs = std::filesystem;

// What a child process did.
struct Result {
  int exit_code = -1;  // the exit status; 128 + signal when killed by a signal
  std::string out;     // stdout
  std::string err;     // stderr
  std::string command; // for failure messages
};

// Runs argv[0] with the arguments, in `cwd` (current directory when empty), stdin from
// /dev/null. The child is killed (SIGALRM) after `timeout_s` seconds so a hang fails the test.
Result run(const std::vector<std::string>& argv, const fs::path& cwd = {}, unsigned timeout_s = 60);

// Runs the sdsim binary under test with these arguments.
Result sdsim(const std::vector<std::string>& args, const fs::path& cwd = {});

// A fresh, uniquely named folder under the system temp folder, removed with all its contents
// when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "sdsim-simt");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p);
void write_file(const fs::path& p, const std::string& text);
nlohmann::json read_json(const fs::path& p);

// Every path under `dir` (relative, sorted; folders end with '/'). Empty when dir is absent.
std::vector<std::string> list_tree(const fs::path& dir);

// A CSV file with a header row. No quoting is needed for sdsim's files (no commas in fields
// except, possibly, the last column, which keeps the rest of the line).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const;  // throws when absent
  double num(std::size_t row, const std::string& name) const;
  const std::string& str(std::size_t row, const std::string& name) const;
};
Csv read_csv(const fs::path& p);

std::string source_dir();  // the repository root (SDSIM_SOURCE_DIR)

}  // namespace simt
