#include "sim/output/run_dir.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/doc.hpp"

namespace fs = std::filesystem;

namespace sdsim {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  Diagnostics d;
  d.error(Location{"--out " + path}, "out", why);
  throw InputError(d);
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// "<name>.partial-<pid>" and "<name>.old-<pid>" of processes that are gone: a killed run's
// leftovers, removed so they do not pile up.
void clean_leftovers(const fs::path& final_path) {
  std::error_code ec;
  const fs::path parent = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  const std::string base = final_path.filename().string();
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    for (const std::string tag : {".partial-", ".old-"}) {
      if (name.rfind(base + tag, 0) != 0) continue;
      const std::string pid = name.substr(base.size() + tag.size());
      if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
      if (!process_alive(std::stol(pid))) fs::remove_all(e.path(), ec);
    }
  }
}

}  // namespace

bool RunDir::is_run_folder(const std::string& path) {
  std::error_code ec;
  if (fs::exists(fs::path(path) / kMarker, ec)) return true;
  std::ifstream in(fs::path(path) / "summary.json");  // folders of sdsim before the marker
  std::stringstream s;
  s << in.rdbuf();
  return s.str().find("\"sdsim_version\"") != std::string::npos;
}

RunDir::RunDir(std::string final_path) : final_(std::move(final_path)) {
  fs::path f = fs::path(final_).lexically_normal();
  if (f.filename().empty()) f = f.parent_path();
  if (f.empty() || f == "." || f == ".." || f == "/") refuse(final_, "not a folder a run may replace");
  final_ = f.string();
  std::error_code ec;
  const auto status = fs::symlink_status(f, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) refuse(final_, final_ + " exists and is not a folder: not replacing it");
    if (!is_run_folder(final_))
      refuse(final_, final_ + " exists and is not an sdsim output folder (no " + kMarker +
                         "): not replacing it; remove it or choose another --out");
  }
  if (f.has_parent_path()) {  // remember what is created, so a failed run can take it back
    for (fs::path p = f.parent_path(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) created_.push_back(p.string());
    fs::create_directories(f.parent_path(), ec);
    if (ec) refuse(final_, "cannot create " + f.parent_path().string() + ": " + ec.message());
  }
  clean_leftovers(f);
  staging_ = final_ + ".partial-" + std::to_string(::getpid());
  fs::remove_all(staging_, ec);
  fs::create_directories(staging_, ec);
  if (ec) refuse(final_, "cannot write " + staging_ + ": " + ec.message());
  std::ofstream marker(fs::path(staging_) / kMarker);
  marker << "an sdsim output folder: sdsim may replace it\n";
  if (!marker) refuse(final_, "cannot write in " + staging_);
}

RunDir::~RunDir() {
  if (!committed_) abandon();
}

void RunDir::abandon() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
  for (const std::string& d : created_) fs::remove(d, ec);  // only when empty; innermost first
}

void RunDir::commit() {
  std::error_code ec;
  const std::string old = final_ + ".old-" + std::to_string(::getpid());
  if (fs::exists(final_)) fs::rename(final_, old);
  fs::rename(staging_, final_);
  fs::remove_all(old, ec);
  committed_ = true;
}

}  // namespace sdsim
