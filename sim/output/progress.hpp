// A progress line on a terminal: one line of stderr redrawn in place, at most a few times a
// second, and wiped at the end. `sdsim run` (simulated time against the load's end) and
// `sdsim sweep` (runs done) both draw theirs with it; the caller decides whether stderr is a
// terminal and whether --quiet silences it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace sdsim {

// A wall-clock duration for an ETA: "45s", "1m20s", "2h05m".
std::string eta_text(double seconds);
// The wall time still to go when `fraction` (0..1] of the work took `elapsed` seconds, at
// the same pace; negative when unknown (nothing done yet).
double remaining_seconds(double elapsed, double fraction);
// "[#####-----]": `width` cells, the share `fraction` (clamped to 0..1) filled.
std::string bar_text(double fraction, std::size_t width);

class TerminalLine {
 public:
  using Clock = std::chrono::steady_clock;
  explicit TerminalLine(bool enabled,
                        std::chrono::milliseconds min_interval = std::chrono::milliseconds(200));
  bool enabled() const { return on_; }
  // True when a redraw is due: enabled, and min_interval since the last one (or since the
  // start: a run shorter than that shows nothing), or `force`.
  bool due(bool force = false);
  double elapsed() const;              // wall seconds since construction
  void draw(const std::string& text);  // "\r  text" over the previous line
  void clear();                        // wipes what draw() left, if anything

 private:
  bool on_;
  std::chrono::milliseconds min_interval_;
  Clock::time_point start_, last_;
  std::size_t width_ = 0;  // of the text on screen
};

}  // namespace sdsim
