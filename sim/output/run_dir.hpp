// A run's output folder appears whole or not at all: files are written into a staging folder
// beside it and renamed into place at the end. A run that fails leaves nothing behind.
//
// It never destroys what is not its own: an existing folder at the final path is replaced
// only when it is an sdsim output folder (it holds the marker file `.sdsim-run`, or a
// summary.json with an sdsim manifest); anything else (a file, a user's folder, the folder of
// the scenario itself) is an input error before anything runs. Staging folders left by
// processes that no longer exist (killed runs) are removed.
#pragma once

#include <string>
#include <vector>

namespace sdsim {

class RunDir {
 public:
  // Throws InputError (exit 2) when the final path may not be replaced or cannot be written.
  explicit RunDir(std::string final_path);
  ~RunDir();  // removes the staging folder unless committed
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;

  const std::string& staging() const { return staging_; }
  const std::string& final_path() const { return final_; }
  // Replaces any previous run folder at final_path with the staging folder.
  void commit();
  // Removes the staging folder now (an interrupted run). Safe from a signal's aftermath.
  void abandon();

  static constexpr const char* kMarker = ".sdsim-run";
  // True when `path` is an sdsim output folder (its marker, or an sdsim summary.json).
  static bool is_run_folder(const std::string& path);

 private:
  std::string final_, staging_;
  std::vector<std::string> created_;  // parent folders this run created, innermost first
  bool committed_ = false;
};

}  // namespace sdsim
