#include "sim/output/csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <fmt/compile.h>

namespace sdsim {

CsvWriter::CsvWriter(const std::string& path, const std::vector<std::string>& header) {
  open(path, header);
}

CsvWriter::~CsvWriter() {
  try {
    close();
  } catch (const std::exception&) {
    // The owner learns of write errors from close(); a writer destroyed without it (a run
    // being abandoned) has nothing more to say.
  }
}

void CsvWriter::open(const std::string& path, const std::vector<std::string>& header) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  for (const auto& h : header) field(std::string_view(h));
  end_row();
}

void CsvWriter::separator() {
  if (row_started_) buf_.push_back(',');
  row_started_ = true;
}

void CsvWriter::field(double v) {
  separator();
  if (std::isfinite(v))
    fmt::format_to(fmt::appender(buf_), FMT_COMPILE("{}"), v);
  else
    buf_.append(std::string_view(std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf"));
}

void CsvWriter::field(long long v) {
  separator();
  fmt::format_to(fmt::appender(buf_), FMT_COMPILE("{}"), v);
}

void CsvWriter::field(unsigned long long v) {
  separator();
  fmt::format_to(fmt::appender(buf_), FMT_COMPILE("{}"), v);
}

void CsvWriter::field(std::string_view text) {
  separator();
  bool plain = true;
  for (char c : text) plain = plain && c != ',' && c != '"' && c != '\n' && c != '\r';
  if (plain) {
    buf_.append(text);
    return;
  }
  buf_.push_back('"');
  for (char c : text) {
    if (c == '"') buf_.push_back('"');
    buf_.push_back(c);
  }
  buf_.push_back('"');
}

void CsvWriter::end_row() {
  buf_.push_back('\n');
  row_started_ = false;
  flush_if_full();
}

void CsvWriter::flush_if_full() {
  if (buf_.size() < (1u << 16) || !file_) return;
  write_buffer();
}

// A failed write (a full disk, a file size limit) is remembered with its cause and reported by
// close(): the run then fails rather than leave a truncated file that looks finished.
void CsvWriter::write_buffer() {
  if (error_ == 0 && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) error_ = errno ? errno : EIO;
  buf_.clear();
}

void CsvWriter::close() {
  if (!file_) return;
  write_buffer();
  if (std::fflush(file_) != 0 && error_ == 0) error_ = errno ? errno : EIO;
  if (std::fclose(file_) != 0 && error_ == 0) error_ = errno ? errno : EIO;
  file_ = nullptr;
  if (error_ != 0) throw std::runtime_error("writing " + path_ + ": " + std::strerror(error_));
}

}  // namespace sdsim
