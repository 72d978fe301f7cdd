#include "sim/storage/timeseries/series_key.hpp"

#include <algorithm>
#include <stdexcept>

namespace sdsim::storage::timeseries {

SeriesKey::SeriesKey(std::string metric, std::vector<Label> labels)
    : metric_(std::move(metric)), labels_(std::move(labels)) {
  if (metric_.empty()) throw std::invalid_argument("series key: empty metric name");
  std::sort(labels_.begin(), labels_.end());
  for (std::size_t i = 1; i < labels_.size(); ++i)
    if (labels_[i].name == labels_[i - 1].name)
      throw std::invalid_argument("series key: label '" + labels_[i].name + "' given twice");
  canonical_ = metric_ + "{";
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    if (i) canonical_ += ",";
    canonical_ += labels_[i].name + "=\"" + labels_[i].value + "\"";
  }
  canonical_ += "}";
}

const std::string* SeriesKey::label(const std::string& name) const {
  for (const Label& l : labels_)
    if (l.name == name) return &l.value;
  return nullptr;
}

}  // namespace sdsim::storage::timeseries
