// A series' identity, as in Prometheus's data model: a metric name plus a set of labels.
// Labels are kept sorted by name, so the same labels given in any order name one series; the
// canonical text form is metric{name="value",...}.
#pragma once

#include <compare>
#include <string>
#include <vector>

namespace sdsim::storage::timeseries {

struct Label {
  std::string name, value;
  auto operator<=>(const Label&) const = default;
};

class SeriesKey {
 public:
  // Throws std::invalid_argument on an empty metric name or a label name given twice.
  SeriesKey(std::string metric, std::vector<Label> labels = {});

  const std::string& metric() const { return metric_; }
  const std::vector<Label>& labels() const { return labels_; }
  const std::string* label(const std::string& name) const;  // null if absent
  const std::string& canonical() const { return canonical_; }

  bool operator==(const SeriesKey& o) const { return canonical_ == o.canonical_; }
  auto operator<=>(const SeriesKey& o) const { return canonical_ <=> o.canonical_; }

 private:
  std::string metric_;
  std::vector<Label> labels_;
  std::string canonical_;
};

}  // namespace sdsim::storage::timeseries
