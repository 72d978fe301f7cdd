#include "models/email/estimate.hpp"

namespace sdsim::email {

Estimate estimate(const ScaleConfig& s) {
  constexpr double day = 86400, year_days = 365;
  Estimate e;
  e.send_qps = s.users * s.sent_per_day / day;
  const double received_per_year = s.users * s.received_per_day * year_days;
  e.metadata_bytes_per_year = received_per_year * s.metadata_bytes;
  e.attachment_bytes_per_year = received_per_year * s.attachment_fraction * s.attachment_bytes;
  return e;
}

}  // namespace sdsim::email
