// The book's back-of-the-envelope location-update load (System Design Interview vol. 2, ch. 3,
// "Google Maps", back-of-the-envelope estimation), computed from its inputs, which are the
// estimate.* parameters with the book's values as defaults: 1 billion daily active users, 35
// minutes of navigation per user a week, a GPS point every second sent in a batch every 15 s,
// a peak of 5 x the average, and its rounding of a day to 10^5 s. With those: 5 x 10^9
// navigation minutes a day, 3 x 10^6 points a second (= requests without batching), 2 x 10^5
// requests a second batched, 10^6 at the peak. With a day of 86,400 s: 3.47 x 10^6, 2.31 x 10^5
// and 1.16 x 10^6.
#pragma once

namespace sdsim::maps {

struct EstimateConfig {
  double daily_active_users{};
  double navigation_minutes_per_week{};  // per user
  double gps_interval{};    // s between two GPS points of a navigating client
  double batch_interval{};  // s between two location-update requests (a batch of points)
  double peak_factor{};     // peak / average
  double day_s{};           // s in a day: the book rounds to 10^5 (86,400 exactly)
};

struct LocationEstimate {
  double navigation_minutes_per_day = 0;  // over all users
  double points_per_s = 0;                // GPS points a second = update QPS without batching
  double batched_qps = 0;                 // update requests a second, one per batch_interval
  double peak_qps = 0;                    // batched_qps x peak_factor
};

inline LocationEstimate location_estimate(const EstimateConfig& c) {
  LocationEstimate e;
  e.navigation_minutes_per_day = c.daily_active_users * c.navigation_minutes_per_week / 7.0;
  const double navigating = e.navigation_minutes_per_day * 60.0 / c.day_s;  // clients at once
  e.points_per_s = navigating / c.gps_interval;
  e.batched_qps = navigating / c.batch_interval;
  e.peak_qps = e.batched_qps * c.peak_factor;
  return e;
}

}  // namespace sdsim::maps
