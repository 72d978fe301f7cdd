#include "sim/output/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace sdsim {

std::string eta_text(double seconds) {
  const long s = static_cast<long>(std::max(0.0, seconds) + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

double remaining_seconds(double elapsed, double fraction) {
  if (!(fraction > 0)) return -1.0;
  return elapsed / std::min(fraction, 1.0) * (1.0 - std::min(fraction, 1.0));
}

std::string bar_text(double fraction, std::size_t width) {
  const double f = std::clamp(fraction, 0.0, 1.0);
  const auto filled = std::min(width, static_cast<std::size_t>(f * static_cast<double>(width)));
  return "[" + std::string(filled, '#') + std::string(width - filled, '-') + "]";
}

TerminalLine::TerminalLine(bool enabled, std::chrono::milliseconds min_interval)
    : on_(enabled), min_interval_(min_interval), start_(Clock::now()), last_(start_) {}

bool TerminalLine::due(bool force) {
  if (!on_) return false;
  const auto now = Clock::now();
  if (!force && now - last_ < min_interval_) return false;
  last_ = now;
  return true;
}

double TerminalLine::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void TerminalLine::draw(const std::string& text) {
  if (!on_) return;
  const std::string line = "  " + text;
  // Pad over a longer previous line, so no tail of it stays on screen.
  std::fprintf(stderr, "\r%s%*s", line.c_str(),
               int(width_ > line.size() ? width_ - line.size() : 0), "");
  std::fflush(stderr);
  width_ = std::max(width_, line.size());
}

void TerminalLine::clear() {
  if (!on_ || width_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", int(width_), "");
  std::fflush(stderr);
  width_ = 0;
}

}  // namespace sdsim
