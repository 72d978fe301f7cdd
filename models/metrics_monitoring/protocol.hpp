// The metrics monitoring model's messages: a scrape of a target (pull), a batch an agent
// pushes to a collector (push), and a dashboard panel's query to the query frontend. Wire
// sizes: a 100 B header, 16 B per sample (time and value) or per rollup window returned.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace sdsim::metrics_monitoring {

inline constexpr double kHeaderBytes = 100, kSampleBytes = 16;

// One sample of one of the model's series (series: its index in Experiment::series).
struct Sample {
  std::uint32_t series = 0;
  double t = 0, value = 0;  // s, value
};

struct ScrapeReply {
  static constexpr std::string_view kName = "scrape_reply";
  std::vector<double> values;  // the target's gauges, in series order
  double wire_bytes() const { return kHeaderBytes + kSampleBytes * double(values.size()); }
};
struct Scrape {
  static constexpr std::string_view kName = "scrape";
  using Reply = ScrapeReply;
  double wire_bytes() const { return kHeaderBytes; }
};
using TargetProtocol = std::variant<Scrape>;

struct PushAck {
  static constexpr std::string_view kName = "push_ack";
  double wire_bytes() const { return kHeaderBytes; }
};
struct PushBatch {
  static constexpr std::string_view kName = "push";
  using Reply = PushAck;
  int target = 0;
  std::vector<Sample> samples;
  double wire_bytes() const { return kHeaderBytes + kSampleBytes * double(samples.size()); }
};
using CollectorProtocol = std::variant<PushBatch>;

struct PanelReply {
  static constexpr std::string_view kName = "panel_reply";
  std::uint64_t returned = 0;  // points or windows
  bool cached = false;
  double wire_bytes() const { return kHeaderBytes + kSampleBytes * double(returned); }
};
// A panel: the cpu series of one target over [end - range, end).
struct PanelQuery {
  static constexpr std::string_view kName = "panel";
  using Reply = PanelReply;
  int target = 0;
  double start = 0, end = 0;  // s
  double wire_bytes() const { return kHeaderBytes; }
};
using FrontendProtocol = std::variant<PanelQuery>;

}  // namespace sdsim::metrics_monitoring
