#include "cli.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

#ifndef SDSIM_BIN
#error "SDSIM_BIN must name the sdsim binary"
#endif
#ifndef SDSIM_SOURCE_DIR
#error "SDSIM_SOURCE_DIR must name the source tree"
#endif

namespace simt {

namespace {

std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  static const unsigned long long salt = [] {
    std::random_device rd;
    return (static_cast<unsigned long long>(rd()) << 32) ^ rd();
  }();
  std::ostringstream s;
  s << ::getpid() << "-" << counter++ << "-" << std::hex << salt;
  return s.str();
}

}  // namespace

Result run(const std::vector<std::string>& argv, const fs::path& cwd, unsigned timeout_s) {
  if (argv.empty()) throw std::invalid_argument("run: empty argv");
  Result r;
  for (const auto& a : argv) r.command += (r.command.empty() ? "" : " ") + a;
  if (!cwd.empty()) r.command = "(cd " + cwd.string() + " && " + r.command + ")";

  TempDir capture("sdsim-simt-io");
  const std::string out_path = (capture / "stdout").string();
  const std::string err_path = (capture / "stderr").string();

  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  const std::string dir = cwd.string();

  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::alarm(timeout_s);  // survives exec: a hung child dies of SIGALRM
    ::execv(cargv[0], cargv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

Result sdsim(const std::vector<std::string>& args, const fs::path& cwd) {
  std::vector<std::string> argv{SDSIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd);
}

TempDir::TempDir(const std::string& tag) {
  path_ = fs::temp_directory_path() / (tag + "-" + unique_suffix());
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& text) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error("cannot write " + p.string());
  f << text;
}

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_file(p)); }

std::vector<std::string> list_tree(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    std::string rel = fs::relative(it->path(), dir).string();
    if (it->is_directory()) rel += "/";
    names.push_back(rel);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t Csv::col(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw std::out_of_range("no CSV column '" + name + "'");
}

double Csv::num(std::size_t row, const std::string& name) const { return std::stod(str(row, name)); }

const std::string& Csv::str(std::size_t row, const std::string& name) const {
  return rows.at(row).at(col(name));
}

Csv read_csv(const fs::path& p) {
  Csv csv;
  std::istringstream in(read_file(p));
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    const std::size_t max_fields = first ? std::string::npos : csv.header.size();
    std::size_t pos = 0;
    while (true) {
      if (fields.size() + 1 == max_fields) {  // the last column keeps the rest of the line
        fields.push_back(line.substr(pos));
        break;
      }
      std::size_t comma = line.find(',', pos);
      if (comma == std::string::npos) {
        fields.push_back(line.substr(pos));
        break;
      }
      fields.push_back(line.substr(pos, comma - pos));
      pos = comma + 1;
    }
    if (first) csv.header = std::move(fields);
    else csv.rows.push_back(std::move(fields));
    first = false;
  }
  return csv;
}

std::string source_dir() { return SDSIM_SOURCE_DIR; }

}  // namespace simt
