// The progress line of one `sdsim run` on a terminal: simulated time against the load's end,
// the engine's pace and an ETA, e.g.
//   [########------------]  41%  t=24.6 s of 60 s simulated, 812k events/s, ETA 12s
// Past the load's end the run drains (outstanding replies, at most workload.drain), which has
// no known length: the line says so instead of an ETA.
#pragma once

#include <cstdint>
#include <string>

#include "sim/output/progress.hpp"

namespace sdsim {

// The line's text. `load_end` <= 0 or infinite: unknown (a closed loop bounded by a request
// count), and only the simulated time and the pace are shown.
std::string run_progress_text(double sim_time, double load_end, double wall_elapsed,
                              double events_per_s);

class RunProgress {
 public:
  RunProgress(bool enabled, double load_end) : line_(enabled), load_end_(load_end) {}
  bool enabled() const { return line_.enabled(); }
  // Called on every advance of simulated time (cheap: counts, and looks at the clock every
  // 1024 advances).
  void on_time_advance(double sim_time);
  void clear() { line_.clear(); }

 private:
  TerminalLine line_;
  double load_end_;
  std::uint64_t events_ = 0;
};

}  // namespace sdsim
