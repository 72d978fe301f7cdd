// The maps model's estimate.* figures (estimate.hpp) recomputed another way: by counting a
// week's GPS points and requests over all users, on inputs unlike the book's (a day of
// 86,400 s, where the book rounds to 10^5).
#include <doctest/doctest.h>

#include "models/maps/estimate.hpp"

using sdsim::maps::EstimateConfig;
using sdsim::maps::location_estimate;

TEST_CASE("maps: the location-update estimate counts a week's points and batches") {
  const double users = 3e6, minutes_week = 70, gps = 2, batch = 10, peak = 3;
  const auto e = location_estimate(EstimateConfig{users, minutes_week, gps, batch, peak, 86400});
  const double week_s = 7 * 86400.0;
  const double points_week = users * minutes_week * 60 / gps;      // every user's points
  const double requests_week = users * minutes_week * 60 / batch;  // one per batch
  CHECK(e.navigation_minutes_per_day == doctest::Approx(users * minutes_week / 7));
  CHECK(e.points_per_s == doctest::Approx(points_week / week_s));
  CHECK(e.batched_qps == doctest::Approx(requests_week / week_s));
  CHECK(e.peak_qps == doctest::Approx(peak * requests_week / week_s));
  // Batching divides the requests by the points a batch carries.
  CHECK(e.points_per_s / e.batched_qps == doctest::Approx(batch / gps));
}
