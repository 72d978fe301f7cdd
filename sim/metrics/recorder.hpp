// Where a run's measurements go: one row per request (requests.csv), one row per interval
// (timeseries.csv), one row per fault or notable change (events.csv), and the named metrics
// that end up in summary.json. Client-side latency is measured here for every model.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics/histogram.hpp"
#include "sim/output/csv.hpp"

namespace sdsim {

struct RequestRecord {
  std::uint64_t id = 0;
  std::string_view op;
  std::string_view client;
  std::string_view server;
  double start = 0.0;        // s, when the client first sent it
  double end = 0.0;          // s, when the client saw the outcome
  std::string_view outcome;  // "ok", "timeout", "error", "unanswered", ...
  int retries = 0;
};

class Recorder {
 public:
  // Files are created in `dir`; `interval` is the time-series row width (s); requests that
  // start before `warmup` (s) are written to requests.csv but left out of the metrics.
  Recorder(const std::string& dir, double warmup, double interval, bool write_requests);

  void request(const RequestRecord& r);
  void event(double time, std::string_view kind, std::string_view target, std::string_view detail);
  // A model's observer of every request outcome, called as it is recorded (warm-up included).
  void on_request(std::function<void(const RequestRecord&)> observer) {
    observers_.push_back(std::move(observer));
  }
  // A model gauge sampled at the end of every interval (a column of timeseries.csv).
  // Register all gauges before the first tick.
  void add_gauge(std::string name, std::function<double()> sample);
  // Closes the interval ending at `time` and writes its row.
  void tick(double time);

  // Successful requests per second over the measured window: from the end of warm-up to the
  // last completion (0 when nothing completed).
  double throughput() const;

  // Where a model's own per-entity CSV goes (queries.csv, ...): beside requests.csv.
  std::string output_path(std::string_view file) const { return dir_ + "/" + std::string(file); }
  double warmup() const { return warmup_; }
  double interval() const { return interval_; }
  const LatencyHistogram& latency() const { return latency_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t recorded() const { return recorded_; }  // every request row, warm-up included
  double last_recorded_at() const { return last_recorded_at_; }  // s: when the last one ended
  std::uint64_t failed() const { return failed_; }
  // A model's own per-entity CSV (`aggregates.csv`, ...) in the run folder, closed with the
  // others; the model documents its columns. Open each name once, before close().
  CsvWriter& table(const std::string& file, const std::vector<std::string>& header);
  // Writes the last, partial interval up to `end_time` (s), then closes every file.
  void close(double end_time);

 private:
  void open_timeseries();

  std::string dir_;
  double warmup_, interval_;
  CsvWriter requests_, timeseries_, events_;
  std::vector<std::unique_ptr<CsvWriter>> tables_;
  std::vector<std::pair<std::string, std::function<double()>>> gauges_;
  std::vector<std::function<void(const RequestRecord&)>> observers_;
  LatencyHistogram latency_, interval_latency_;
  std::uint64_t completed_ = 0, failed_ = 0, recorded_ = 0;
  double last_recorded_at_ = 0.0;
  std::uint64_t interval_ok_ = 0, interval_failed_ = 0;
  double last_end_ = 0.0;
  double last_tick_ = 0.0;
};

}  // namespace sdsim
