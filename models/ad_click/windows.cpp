#include "models/ad_click/windows.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::ad_click {

std::int64_t PartitionWindows::window_of(double t) const {
  return static_cast<std::int64_t>(std::floor(t / size_));
}

Verdict PartitionWindows::add(const Click& c, std::int64_t offset) {
  stream_time_ = std::max(stream_time_, c.time);
  const std::int64_t w = window_of(c.time);
  if (end_of(w) <= watermark()) {
    ++late_;
    return Verdict::late;
  }
  Open& open = open_[w];
  open.first_offset = std::min(open.first_offset, offset);
  if (!open.seen.insert(c.event).second) {
    ++duplicates_;
    return Verdict::duplicate;
  }
  AdCount& a = open.ads[c.ad];
  a.ad = c.ad;
  a.events.push_back(c.event);
  ++a.by_filter[0];
  if (c.country < filter_countries_) ++a.by_filter[1 + c.country];
  return Verdict::counted;
}

std::int64_t PartitionWindows::first_open_offset(std::int64_t fallback) const {
  std::int64_t first = fallback;
  for (const auto& [w, open] : open_) first = std::min(first, open.first_offset);
  return first;
}

std::vector<ClosedWindow> PartitionWindows::close_until(double watermark) {
  std::vector<ClosedWindow> closed;
  while (!open_.empty() && end_of(open_.begin()->first) <= watermark) {
    ClosedWindow c{open_.begin()->first, {}};
    for (auto& [ad, count] : open_.begin()->second.ads) c.ads.push_back(std::move(count));
    closed.push_back(std::move(c));
    open_.erase(open_.begin());
  }
  return closed;
}

std::vector<ClosedWindow> PartitionWindows::close_ready() { return close_until(watermark()); }

std::vector<ClosedWindow> PartitionWindows::close_all() {
  stream_time_ = std::numeric_limits<double>::infinity();
  return close_until(stream_time_);
}

std::size_t PartitionWindows::state_entries() const {
  std::size_t n = 0;
  for (const auto& [w, open] : open_)
    for (const auto& [ad, count] : open.ads) n += count.by_filter.size();
  return n;
}

}  // namespace sdsim::ad_click
