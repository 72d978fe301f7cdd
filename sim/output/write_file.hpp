// Writing a whole file, every step checked: a full disk or a file size limit becomes an
// error naming the file and the cause, never a truncated file that looks finished.
#pragma once

#include <string>
#include <string_view>

namespace sdsim {

// Throws std::runtime_error("writing PATH: CAUSE") when any step fails.
void write_file_checked(const std::string& path, std::string_view text);

}  // namespace sdsim
