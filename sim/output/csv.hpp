// CSV files written as the run goes: rows go through a buffer to disk, never held whole.
// Numbers use the shortest text that reads back to the same double, so outputs are exact
// and byte-identical across runs.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace sdsim {

class CsvWriter {
 public:
  CsvWriter() = default;
  CsvWriter(const std::string& path, const std::vector<std::string>& header);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  bool is_open() const { return file_ != nullptr; }
  void open(const std::string& path, const std::vector<std::string>& header);
  // Appends one field; the row ends with end_row().
  void field(double v);
  void field(long long v);
  void field(unsigned long long v);
  void field(int v) { field(static_cast<long long>(v)); }
  void field(unsigned long v) { field(static_cast<unsigned long long>(v)); }
  void field(std::string_view text);  // quoted when it holds a comma, quote or newline
  void end_row();
  // Writes what is buffered and closes; throws std::runtime_error naming the file and the
  // cause when any write failed.
  void close();

 private:
  void separator();
  void flush_if_full();
  void write_buffer();
  std::FILE* file_ = nullptr;
  std::string path_;
  int error_ = 0;  // errno of the first failed write
  fmt::memory_buffer buf_;
  bool row_started_ = false;
};

}  // namespace sdsim
