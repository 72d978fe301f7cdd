#include "sim/metrics/recorder.hpp"

#include <algorithm>

#include "sim/core/units.hpp"

namespace sdsim {

Recorder::Recorder(const std::string& dir, double warmup, double interval, bool write_requests)
    : dir_(dir), warmup_(warmup), interval_(interval) {
  if (write_requests)
    requests_.open(dir + "/requests.csv", {"id", "op", "client", "server", "start", "end",
                                           "latency", "outcome", "retries"});
  events_.open(dir + "/events.csv", {"time", "kind", "target", "detail"});
}

void Recorder::request(const RequestRecord& r) {
  ++recorded_;
  last_recorded_at_ = std::max(last_recorded_at_, r.end);
  if (requests_.is_open()) {
    requests_.field(static_cast<unsigned long long>(r.id));
    requests_.field(r.op);
    requests_.field(r.client);
    requests_.field(r.server);
    const double start = round_ns(r.start), end = round_ns(r.end);
    requests_.field(start);
    requests_.field(end);
    requests_.field(round_ns(end - start));
    requests_.field(r.outcome);
    requests_.field(r.retries);
    requests_.end_row();
  }
  for (const auto& observe : observers_) observe(r);
  const bool ok = r.outcome == "ok";
  // The time series covers the warm-up too: it is where a user sees the system settle.
  if (ok) {
    ++interval_ok_;
    interval_latency_.add(r.end - r.start);
  } else {
    ++interval_failed_;
  }
  if (r.start < warmup_) return;
  last_end_ = std::max(last_end_, r.end);
  if (ok) {
    ++completed_;
    latency_.add(r.end - r.start);
  } else {
    ++failed_;
  }
}

void Recorder::event(double time, std::string_view kind, std::string_view target,
                     std::string_view detail) {
  events_.field(round_ns(time));
  events_.field(kind);
  events_.field(target);
  events_.field(detail);
  events_.end_row();
}

void Recorder::add_gauge(std::string name, std::function<double()> sample) {
  gauges_.emplace_back(std::move(name), std::move(sample));
}

void Recorder::open_timeseries() {
  std::vector<std::string> header{"time", "throughput", "errors", "latency_p50", "latency_p99"};
  for (const auto& g : gauges_) header.push_back(g.first);
  timeseries_.open(dir_ + "/timeseries.csv", header);
}

void Recorder::tick(double time) {
  if (!timeseries_.is_open()) open_timeseries();
  timeseries_.field(round_ns(time));
  const double width = time - last_tick_;
  last_tick_ = time;
  timeseries_.field(width > 0 ? static_cast<double>(interval_ok_) / width : 0.0);
  timeseries_.field(static_cast<unsigned long long>(interval_failed_));
  timeseries_.field(interval_latency_.quantile(0.5));
  timeseries_.field(interval_latency_.quantile(0.99));
  for (const auto& g : gauges_) timeseries_.field(g.second());
  timeseries_.end_row();
  interval_ok_ = interval_failed_ = 0;
  interval_latency_ = LatencyHistogram();
}

double Recorder::throughput() const {
  const double window = last_end_ - warmup_;
  return window > 0 ? static_cast<double>(completed_) / window : 0.0;
}

CsvWriter& Recorder::table(const std::string& file, const std::vector<std::string>& header) {
  tables_.push_back(std::make_unique<CsvWriter>(output_path(file), header));
  return *tables_.back();
}

void Recorder::close(double end_time) {
  if (end_time > last_tick_ || !timeseries_.is_open()) tick(end_time);
  for (auto& t : tables_) t->close();
  requests_.close();
  timeseries_.close();
  events_.close();
}

}  // namespace sdsim
