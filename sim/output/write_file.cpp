#include "sim/output/write_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace sdsim {

void write_file_checked(const std::string& path, std::string_view text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("writing " + path + ": " + std::strerror(errno));
  int err = 0;
  if (std::fwrite(text.data(), 1, text.size(), f) != text.size()) err = errno ? errno : EIO;
  if (std::fflush(f) != 0 && err == 0) err = errno ? errno : EIO;
  if (std::fclose(f) != 0 && err == 0) err = errno ? errno : EIO;
  if (err != 0) throw std::runtime_error("writing " + path + ": " + std::strerror(err));
}

}  // namespace sdsim
