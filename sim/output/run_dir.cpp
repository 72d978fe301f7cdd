#include "sim/output/run_dir.hpp"

#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace sdsim {

RunDir::RunDir(std::string final_path) : final_(std::move(final_path)) {
  fs::path f = fs::path(final_).lexically_normal();
  if (f.filename().empty()) f = f.parent_path();
  final_ = f.string();
  staging_ = final_ + ".partial-" + std::to_string(::getpid());
  if (f.has_parent_path()) fs::create_directories(f.parent_path());
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

RunDir::~RunDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
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
