// Churn and the inactivity timeout (issue 15): users connect and leave over time, and a client
// drops a friend from its nearby list once the friend's newest position is inactivity_timeout
// old (the book: a friend silent 10 minutes is inactive). The test recounts the presence and
// drop figures from churn.csv and drops.csv, and checks every drop against the friend's own
// presence: it left within an update interval of its last position and was still away.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {
constexpr double kTimeout = 120, kInterval = 30, kEnd = 600, kWarmup = 30;
const char* kChurn =
    "name: nf-churn\nmodel: nearby_friends\nparams:\n  users: 400\n  active_fraction: 0.3\n"
    "  friends: {average: 10}\n  region: {side_km: 5}\n  inactivity_timeout: 2m\n"
    "  churn: {session_mean: 2m, offline_mean: 3m}\n"
    "workload: {duration: 600s, warmup: 30s, clients: 2}\n";

struct Stretch {
  double from, to;  // s, offline
};
}  // namespace

TEST_CASE("nearby_friends: churn and the inactivity timeout, recounted from churn.csv and drops.csv") {
  simt::TempDir dir("sdsim-simt-nf-churn");
  simt::write_file(dir / "scn.yaml", kChurn);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto churn = simt::read_csv(dir / "out" / "churn.csv");
  const auto drops = simt::read_csv(dir / "out" / "drops.csv");

  // Presence: online time in the window, departures, returns; each user's offline stretches.
  const double from = kWarmup, to = kEnd - 1;
  std::map<long long, double> since;
  std::map<long long, std::vector<Stretch>> away;
  double online = 0, departures = 0, arrivals = 0;
  auto overlap = [&](double a, double b) { return std::max(0.0, std::min(b, to) - std::max(a, from)); };
  for (std::size_t k = 0; k < churn.rows.size(); ++k) {
    const auto u = static_cast<long long>(churn.num(k, "user"));
    const double t = churn.num(k, "time");
    if (churn.str(k, "event") == "offline") {
      ++departures;
      online += overlap(since.at(u), t);
      since.erase(u);
      away[u].push_back({t, 1e9});
    } else {
      if (!away[u].empty()) ++arrivals, away[u].back().to = t;
      since.emplace(u, t);
    }
  }
  for (const auto& [u, t] : since) online += overlap(t, to);
  CHECK(departures == m["churn.departures"].get<double>());
  CHECK(arrivals == m["churn.arrivals"].get<double>());
  CHECK(online / (to - from) == doctest::Approx(m["users.online.mean"].get<double>()));
  CHECK(departures > 50);
  CHECK(arrivals > 20);

  // Drops: exactly at the timeout, and only of a friend that had left and not come back.
  REQUIRE(drops.rows.size() > 10);
  CHECK(double(drops.rows.size()) == m["nearby_list.dropped"].get<double>());
  for (std::size_t k = 0; k < drops.rows.size(); ++k) {
    const double t = drops.num(k, "time"), heard = drops.num(k, "last_heard");
    CHECK(t - heard == doctest::Approx(kTimeout));
    const auto f = static_cast<long long>(drops.num(k, "friend"));
    const auto& stretches = away[f];
    const bool justified = std::any_of(stretches.begin(), stretches.end(), [&](const Stretch& s) {
      return s.from >= heard && s.from <= heard + kInterval && s.to >= t;
    });
    CHECK_MESSAGE(justified, "friend " << f << " dropped at " << t << " was not away");
  }
  CHECK(m["connection.inactive_shown_at_start"].get<double>() == 0);
  CHECK(m["location_updates.lost"].get<double>() == 0);
}
