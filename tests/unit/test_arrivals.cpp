// Arrival processes (rates, interleaving, ramps, bursts) and key popularity.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/workload/workload.hpp"

using namespace sdsim;

namespace {

WorkloadSpec arrivals(const std::string& kind, double rate) {
  WorkloadSpec s;
  s.arrival = kind;
  s.rate = rate;
  return s;
}

// Arrival times of one client in [0, end).
std::vector<double> times_until(ArrivalProcess& p, RandomStream& rng, double end) {
  std::vector<double> out;
  for (double t = p.next_arrival(0.0, rng); t < end; t = p.next_arrival(t, rng)) out.push_back(t);
  return out;
}

// Largest deviation of consecutive gaps from `gap`.
double gap_error(const std::vector<double>& times, double gap) {
  double worst = 0.0;
  for (std::size_t j = 1; j < times.size(); ++j)
    worst = std::max(worst, std::abs(times[j] - times[j - 1] - gap));
  return worst;
}

std::size_t count_in(const std::vector<double>& times, double lo, double hi) {
  return static_cast<std::size_t>(std::count_if(times.begin(), times.end(),
                                                [&](double t) { return t >= lo && t < hi; }));
}

}  // namespace

TEST_CASE("poisson: rate within 2% over 100k arrivals, gaps strictly positive") {
  ArrivalProcess p(arrivals("poisson", 2000.0), 0.5, 0, 2);
  RandomStream rng(1, "client-0");
  double t = 0.0, prev = 0.0;
  bool increasing = true;
  for (int i = 0; i < 100000; ++i) {
    t = p.next_arrival(t, rng);
    increasing = increasing && t > prev;
    prev = t;
  }
  CHECK(increasing);
  CHECK(100000.0 / t == doctest::Approx(1000.0).epsilon(0.02));
  CHECK(p.rate_at(5.0) == 1000.0);
}

TEST_CASE("constant: exact gaps, and k clients interleave into one even stream") {
  const int k = 4;
  const double rate = 100.0;  // aggregate
  std::vector<double> all;
  for (int i = 0; i < k; ++i) {
    ArrivalProcess p(arrivals("constant", rate), 1.0 / k, i, k);
    RandomStream rng(1, "client-" + std::to_string(i));
    std::vector<double> mine = times_until(p, rng, 10.0);
    REQUIRE(!mine.empty());
    CHECK(mine.front() == doctest::Approx(i / rate));
    CHECK(gap_error(mine, k / rate) < 1e-9);
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::sort(all.begin(), all.end());
  CHECK(all.size() == 1000);  // exactly rate * 10 s in [0, 10)
  CHECK(gap_error(all, 1.0 / rate) < 1e-9);
}

TEST_CASE("constant: arrival n does not drift") {
  ArrivalProcess p(arrivals("constant", 3.0), 1.0, 0, 1);
  RandomStream rng(1, "c");
  double t = p.next_arrival(0.0, rng);
  for (int i = 0; i < 300000; ++i) t = p.next_arrival(t, rng);
  CHECK(t == 100000.0);
}

TEST_CASE("a zero rate never arrives") {
  RandomStream rng(1, "c");
  for (const char* kind : {"constant", "poisson", "ramp", "burst"}) {
    ArrivalProcess p(arrivals(kind, 0.0), 1.0, 0, 1);
    CHECK(std::isinf(p.next_arrival(0.0, rng)));
  }
}

TEST_CASE("ramp: rate rises linearly, then stays at ramp_to") {
  WorkloadSpec s = arrivals("ramp", 0.0);
  s.ramp_to = 1000.0;
  s.duration = 100.0;  // ramp_over 0: ramp over the whole duration
  ArrivalProcess p(s, 1.0, 0, 1);
  CHECK(p.rate_at(0.0) == 0.0);
  CHECK(p.rate_at(50.0) == doctest::Approx(500.0));
  CHECK(p.rate_at(150.0) == 1000.0);
  RandomStream rng(3, "client-0");
  std::vector<double> times = times_until(p, rng, 150.0);
  // Integrals of the rate: 12,500 in [0,50), 37,500 in [50,100), 50,000 in [100,150).
  CHECK(static_cast<double>(count_in(times, 0, 50)) == doctest::Approx(12500).epsilon(0.03));
  CHECK(static_cast<double>(count_in(times, 50, 100)) == doctest::Approx(37500).epsilon(0.03));
  CHECK(static_cast<double>(count_in(times, 100, 150)) == doctest::Approx(50000).epsilon(0.03));
}

TEST_CASE("ramp down to zero ends the arrivals") {
  WorkloadSpec s = arrivals("ramp", 100.0);
  s.ramp_to = 0.0;
  s.ramp_over = 10.0;
  ArrivalProcess p(s, 1.0, 0, 1);
  RandomStream rng(3, "c");
  std::vector<double> times = times_until(p, rng, std::numeric_limits<double>::infinity());
  CHECK(times.back() < 10.0);
  CHECK(static_cast<double>(times.size()) == doctest::Approx(500).epsilon(0.15));
}

TEST_CASE("burst: burst_rate inside bursts, base rate between them") {
  WorkloadSpec s = arrivals("burst", 10.0);
  s.burst_rate = 1000.0;
  s.burst_every = 10.0;
  s.burst_length = 1.0;
  ArrivalProcess p(s, 0.5, 1, 2);
  CHECK(p.rate_at(0.5) == 500.0);
  CHECK(p.rate_at(5.0) == 5.0);
  CHECK(p.rate_at(20.5) == 500.0);
  RandomStream rng(5, "client-1");
  std::vector<double> times = times_until(p, rng, 1000.0);
  std::size_t inside = 0;
  for (double t : times) inside += std::fmod(t, 10.0) < 1.0 ? 1 : 0;
  // 100 bursts of 1 s at 500/s; 900 s at 5/s.
  CHECK(static_cast<double>(inside) == doctest::Approx(50000).epsilon(0.02));
  CHECK(static_cast<double>(times.size() - inside) == doctest::Approx(4500).epsilon(0.05));
}

TEST_CASE("burst with a zero base rate arrives only in bursts") {
  WorkloadSpec s = arrivals("burst", 0.0);
  s.burst_rate = 100.0;
  s.burst_every = 3600.0;
  s.burst_length = 2.0;
  ArrivalProcess p(s, 1.0, 0, 1);
  RandomStream rng(5, "c");
  std::vector<double> times = times_until(p, rng, 3 * 3600.0);
  CHECK(std::all_of(times.begin(), times.end(), [](double t) { return std::fmod(t, 3600.0) < 2.0; }));
  CHECK(static_cast<double>(times.size()) == doctest::Approx(600).epsilon(0.15));
}

TEST_CASE("bad arguments are bugs, not input errors") {
  CHECK_THROWS_AS(ArrivalProcess(arrivals("weibull", 1.0), 1.0, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(ArrivalProcess(arrivals("poisson", 1.0), 0.0, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(ArrivalProcess(arrivals("poisson", 1.0), 1.0, 1, 1), std::invalid_argument);
  KeySpec k;
  k.distribution = "pareto";
  CHECK_THROWS_AS(KeyChooser{k}, std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Keys

namespace {

std::vector<std::uint64_t> histogram(const KeySpec& spec, int samples) {
  KeyChooser keys(spec);
  RandomStream rng(11, "keys");
  std::vector<std::uint64_t> h(spec.count, 0);
  bool in_range = true;
  for (int i = 0; i < samples && in_range; ++i) {
    std::uint64_t k = keys.next(rng);
    in_range = k < spec.count;
    if (in_range) ++h[k];
  }
  CHECK(in_range);
  return h;
}

}  // namespace

TEST_CASE("uniform keys cover the key space evenly") {
  KeySpec spec;
  spec.count = 10;
  auto h = histogram(spec, 100000);
  for (std::uint64_t c : h) CHECK(static_cast<double>(c) == doctest::Approx(10000).epsilon(0.05));
}

TEST_CASE("zipf keys follow 1/(k+1)^s") {
  KeySpec spec;
  spec.distribution = "zipf";
  spec.count = 100;
  spec.zipf_s = 1.0;
  const int n = 400000;
  auto h = histogram(spec, n);
  double harmonic = 0.0;
  for (int k = 1; k <= 100; ++k) harmonic += 1.0 / k;
  for (int k : {0, 1, 4, 9}) {
    double expected = n / ((k + 1) * harmonic);
    CHECK(static_cast<double>(h[k]) == doctest::Approx(expected).epsilon(0.03));
  }
  CHECK(h[0] > h[1]);
  CHECK(h[1] > h[99]);
}

TEST_CASE("hotspot keys: hot_share of requests go to the first hot_fraction of keys") {
  KeySpec spec;
  spec.distribution = "hotspot";
  spec.count = 1000;
  spec.hot_fraction = 0.1;
  spec.hot_share = 0.9;
  const int n = 200000;
  auto h = histogram(spec, n);
  std::uint64_t hot = 0;
  for (int k = 0; k < 100; ++k) hot += h[k];
  CHECK(static_cast<double>(hot) / n == doctest::Approx(0.9).epsilon(0.01));
  // Uniform within each set: a hot key gets ~1800 hits, a cold one ~22.
  CHECK(static_cast<double>(h[0] + h[50] + h[99]) / 3 == doctest::Approx(1800).epsilon(0.1));
  double cold_mean = static_cast<double>(n - hot) / 900;
  CHECK(cold_mean == doctest::Approx(22.2).epsilon(0.05));
}

TEST_CASE("hotspot with every key hot is uniform") {
  KeySpec spec;
  spec.distribution = "hotspot";
  spec.count = 4;
  spec.hot_fraction = 1.0;
  auto h = histogram(spec, 40000);
  for (std::uint64_t c : h) CHECK(static_cast<double>(c) == doctest::Approx(10000).epsilon(0.05));
}
