#include "sim/run/run_progress.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/units.hpp"

namespace sdsim {
namespace {

std::string pace_text(double per_s) {
  if (per_s >= 1e6) return fmt::format("{:.1f}M", per_s / 1e6);
  if (per_s >= 1e3) return fmt::format("{:.0f}k", per_s / 1e3);
  return fmt::format("{:.0f}", per_s);
}

}  // namespace

std::string run_progress_text(double sim_time, double load_end, double wall_elapsed,
                              double events_per_s) {
  const std::string t = format_quantity(sim_time, Dimension::Duration);
  const std::string pace = pace_text(events_per_s) + " events/s";
  if (!(load_end > 0) || !std::isfinite(load_end))
    return fmt::format("t={} simulated, {}", t, pace);
  const double fraction = std::min(1.0, sim_time / load_end);
  const std::string head = fmt::format("{} {:3.0f}%  t={} of {} simulated, {}",
                                       bar_text(fraction, 20), std::floor(100 * fraction), t,
                                       format_quantity(load_end, Dimension::Duration), pace);
  if (sim_time >= load_end) return head + ", draining";
  const double left = remaining_seconds(wall_elapsed, fraction);
  return head + ", ETA " + (left < 0 ? std::string("--") : eta_text(left));
}

void RunProgress::on_time_advance(double sim_time) {
  if (!line_.enabled() || (++events_ & 1023) != 0 || !line_.due()) return;
  const double wall = line_.elapsed();
  line_.draw(run_progress_text(sim_time, load_end_, wall, wall > 0 ? double(events_) / wall : 0.0));
}

}  // namespace sdsim
