// A run's output folder appears whole or not at all: files are written into a staging folder
// beside it and renamed into place at the end. A run that fails leaves nothing behind.
#pragma once

#include <string>

namespace sdsim {

class RunDir {
 public:
  explicit RunDir(std::string final_path);
  ~RunDir();  // removes the staging folder unless committed
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;

  const std::string& staging() const { return staging_; }
  const std::string& final_path() const { return final_; }
  // Replaces any previous folder at final_path with the staging folder.
  void commit();

 private:
  std::string final_, staging_;
  bool committed_ = false;
};

}  // namespace sdsim
