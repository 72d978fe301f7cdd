// Child processes of sdsim itself: a variant's run, a sweep's runs. One SimGrid engine per
// process, so every simulation of a multi-run command runs in a process of its own.
#pragma once

#include <string>
#include <vector>

namespace sdsim {

// The path of the running binary (/proc/self/exe), so children are exactly this sdsim.
std::string self_exe();
// The identity of the running binary: a hash of its bytes (16 hex digits), so outputs say
// exactly which build made them and a sweep redoes runs made by another build.
const std::string& binary_id();

// Runs argv (argv[0] a path) with stdin and stdout from/to /dev/null and stderr appended to
// `stderr_path` ("" = inherited); returns its exit status, 128 + signal when killed.
int run_process(const std::vector<std::string>& argv, const std::string& stderr_path);

}  // namespace sdsim
