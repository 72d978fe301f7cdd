// Benchmark: the spatial indexes of sim/storage/geo on 10^6 businesses clustered around 50
// cities (plus 20 % spread uniformly) in a 2,000 km square, 10^5 searches at 5 km near the
// businesses on each index and 10^3 on brute force, the reference every index is measured
// against (it is also the oracle: 100 searches of each index are compared with it).
//
//   proximity_bench [--businesses N] [--searches N] [--brute N] [--seed S]
// Prints per index: build wall time and rate (businesses/s), its memory by its own accounting,
// searches/s and the speed-up over brute force, cells visited and distances per search, and
// the peak RSS of the process; the quadtree's memory extrapolated to the book's 200 M
// businesses beside the book's 1.71 GB. Wall-clock figures: a measurement, not a test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/proximity/checker.hpp"
#include "models/proximity/dataset.hpp"
#include "sim/storage/geo/geohash_index.hpp"
#include "sim/storage/geo/quadtree.hpp"
#include "sim/storage/geo/uniform_grid.hpp"

using namespace sdsim;
using namespace sdsim::storage::geo;
using Clock = std::chrono::steady_clock;

namespace {
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}
}  // namespace

int main(int argc, char** argv) {
  long long n = 1000000, searches = 100000, brute_searches = 1000, seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const long long v = std::atoll(argv[i + 1]);
    if (a == "--businesses")
      n = v;
    else if (a == "--searches")
      searches = v;
    else if (a == "--brute")
      brute_searches = v;
    else if (a == "--seed")
      seed = v;
  }
  proximity::BusinessConfig c;
  c.count = n;
  c.distribution = "clustered";
  c.cities = 50;
  c.city_spread_km = 10;
  c.lat = 40;
  c.lon = -95;
  c.region_km = 2000;
  RandomStream rng(std::uint64_t(seed), "bench/businesses");
  std::vector<Point> pts = proximity::generate_businesses(c, rng);
  c.distribution = "uniform";
  c.count = n / 5;
  for (auto& p : proximity::generate_businesses(c, rng))
    pts[std::size_t(p.id) * 5] = Point{p.id * 5, p.pos};
  RandomStream qrng(std::uint64_t(seed), "bench/queries");
  std::vector<LatLon> queries;
  for (long long i = 0; i < searches; ++i)
    queries.push_back(proximity::jitter(pts[qrng.below(pts.size())].pos, 1.0, qrng));
  const double r = 5000;
  std::printf(
      "proximity bench: %lld businesses, %lld searches at 5 km (%lld on brute force), seed %lld\n",
      n, searches, brute_searches, seed);

  auto t = Clock::now();
  SearchWork bw;
  std::size_t brute_hits = 0;
  for (long long i = 0; i < brute_searches; ++i)
    brute_hits += brute_force(pts, queries[i], r, &bw).size();
  const double brute_rate = double(brute_searches) / since(t);
  std::printf("  brute     %10.0f searches/s  %8.0f results/search  (the reference)\n", brute_rate,
              double(brute_hits) / double(brute_searches));

  int mismatches = 0;
  auto measure = [&](const char* name, double build_s, std::uint64_t bytes, auto&& search) {
    SearchWork w;
    std::size_t hits = 0;
    const auto t0 = Clock::now();
    for (long long i = 0; i < searches; ++i) hits += search(queries[i], w).size();
    const double rate = double(searches) / since(t0);
    for (long long i = 0; i < searches; i += std::max(1LL, searches / 100)) {
      SearchWork ignored;
      if (search(queries[i], ignored) != brute_force(pts, queries[i], r)) ++mismatches;
    }
    std::printf(
        "  %-9s build %.3f s (%.2e businesses/s), memory %.1f MB, %10.0f searches/s = %.0fx brute, "
        "%.1f cells and %.0f distances/search, %.0f results/search, peak RSS %ld MB\n",
        name, build_s, double(n) / build_s, double(bytes) / 1e6, rate, rate / brute_rate,
        double(w.cells_visited) / double(searches), double(w.points_compared) / double(searches),
        double(hits) / double(searches), peak_rss_kb() / 1024);
  };
  t = Clock::now();
  const UniformGrid grid(pts, 5000);
  measure("grid", since(t), grid.memory_bytes(),
          [&](LatLon q, SearchWork& w) { return grid.search(q, r, w); });
  t = Clock::now();
  const GeohashIndex geohash(pts, {4});
  measure("geohash", since(t), geohash.memory_bytes(),
          [&](LatLon q, SearchWork& w) { return geohash.search(q, r, GeohashSearch::cover, w); });
  t = Clock::now();
  const QuadTree quadtree(pts, 100);
  const double qt_build = since(t);
  measure("quadtree", qt_build, quadtree.memory_bytes(),
          [&](LatLon q, SearchWork& w) { return quadtree.search(q, r, w); });
  const double per_business = double(quadtree.memory_bytes()) / double(n);
  std::printf(
      "  quadtree: %llu leaves, %llu internal, depth %d; %.2f B/business -> %.2f GB for 200 M (the "
      "book's "
      "estimate: %.2f GB)\n",
      (unsigned long long)quadtree.leaves(), (unsigned long long)quadtree.internal_nodes(),
      quadtree.depth(), per_business, per_business * 200e6 / 1e9,
      proximity::estimate_quadtree_bytes(200e6, 100) / 1e9);
  std::printf("  sampled searches differing from brute force: %d\n", mismatches);
  return mismatches == 0 ? 0 : 1;
}
