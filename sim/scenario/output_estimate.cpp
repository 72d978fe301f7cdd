#include "sim/scenario/output_estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sdsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The aggregate arrival rate averaged over [0, d] (d > 0), for the open loop's shapes.
double mean_rate(const WorkloadSpec& w, double d) {
  if (w.arrival == "burst" && w.burst_every > 0)
    return w.rate + (w.burst_rate - w.rate) * w.burst_length / w.burst_every;
  if (w.arrival != "ramp" || !std::isfinite(d)) return w.rate;
  const double over = w.ramp_over > 0 ? w.ramp_over : d;
  if (d <= over) return w.rate + (w.ramp_to - w.rate) * d / (2 * over);
  return ((w.rate + w.ramp_to) / 2 * over + w.ramp_to * (d - over)) / d;
}

// How long the load lasts (s): its duration, or an open loop's requests at its rate; +inf
// when only the load itself knows (a closed loop bounded by a request count).
double load_length(const WorkloadSpec& w) {
  if (w.duration > 0) return w.duration;
  if (w.loop == "open" && w.requests > 0 && w.rate > 0) return double(w.requests) / w.rate;
  return kInf;
}

std::string rows_text(double rows) { return fmt::format("{:.3g}", rows); }

}  // namespace

RandomFailureLoad random_failure_load(const Scenario& sc, double end) {
  RandomFailureLoad load;
  for (const FaultSpec& f : sc.faults) {
    if (f.kind != FaultSpec::Kind::Random) continue;
    const double hosts =
        double(std::max<std::size_t>(1, plan_faults({f}, sc.placement, sc.seed).random.size()));
    const double cycle = f.mtbf + f.mttr;
    const double until = f.until >= 0 ? f.until : end;
    load.per_second += hosts / cycle;
    if (std::isfinite(until)) load.expected += hosts * std::max(0.0, until - f.start) / cycle;
  }
  return load;
}

OutputEstimate estimate_output(const Scenario& sc) {
  OutputEstimate e;
  const WorkloadSpec& w = sc.workload;
  const double load = std::min(load_length(w), sc.horizon > 0 ? sc.horizon : kInf);

  double requests = 0;
  if (w.loop == "open") {
    requests = std::isfinite(load) ? mean_rate(w, load) * load : kInf;
    if (w.requests > 0) requests = std::min(requests, double(w.requests));
  } else if (w.requests > 0) {
    requests = double(w.requests);
  } else if (w.think_time > 0 && std::isfinite(load)) {
    requests = w.clients * load / w.think_time;
  } else {
    e.requests_known = false;
  }
  if (!std::isfinite(requests)) e.requests_known = false, requests = 0;
  if (sc.output.requests) {
    e.requests = requests;
    e.requests_bytes = requests * kRequestRowBytes;
  }
  if (std::isfinite(load)) {
    e.timeseries_rows = std::ceil(load / sc.output.interval);
    e.timeseries_bytes = e.timeseries_rows * kTimeseriesRowBytes;
  }
  double events = 0;
  for (const FaultSpec& f : sc.faults)
    if (f.kind != FaultSpec::Kind::Random) events += 2;  // the fault and its heal
  // Random faults run until the run's latest end, drain included.
  double end = std::isfinite(load_length(w)) ? load_length(w) + w.drain : kInf;
  if (sc.horizon > 0) end = std::min(end, sc.horizon);
  events += 2 * random_failure_load(sc, end).expected;
  e.events = events;
  e.events_bytes = events * kEventRowBytes;
  return e;
}

std::string output_size_warning(const Scenario& sc, const OutputEstimate& e) {
  const double limit = sc.output.max_size;
  if (limit <= 0 || e.total() <= limit) return "";
  auto size = [](double b) { return format_quantity(b, Dimension::Size); };
  std::string parts;
  if (e.requests_bytes > 0)
    parts +=
        fmt::format("requests.csv ~{} rows, {}", rows_text(e.requests), size(e.requests_bytes));
  if (e.timeseries_bytes > 0)
    parts += fmt::format("{}timeseries.csv ~{} rows, {}", parts.empty() ? "" : "; ",
                         rows_text(e.timeseries_rows), size(e.timeseries_bytes));
  if (e.events_bytes > 0)
    parts += fmt::format("{}events.csv ~{} rows, {}", parts.empty() ? "" : "; ",
                         rows_text(e.events), size(e.events_bytes));
  return fmt::format(
      "this run would write about {} ({}), more than output.max_size ({}). To write less: "
      "output.requests: "
      "false (no requests.csv), a longer output.interval, fewer workload.requests or a shorter "
      "duration; to "
      "allow it, raise output.max_size (0B turns the check off)",
      size(e.total()), parts, size(limit));
}

}  // namespace sdsim
