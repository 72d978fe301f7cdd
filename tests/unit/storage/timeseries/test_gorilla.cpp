// Gorilla compression, after section 4.1 of "Gorilla: A Fast, Scalable, In-Memory Time Series
// Database" (Pelkonen et al., VLDB 2015): delta-of-delta timestamps and XOR values, decoded
// back exactly, with the bit counts the paper's Figure 2 gives.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/timeseries/gorilla.hpp"

using namespace sdsim::storage::timeseries;

namespace {

// Encodes, decodes and requires every timestamp and every value bit pattern back.
GorillaEncoder round_trip(const std::vector<EncodedPoint>& points, std::int64_t start = 0,
                          int first_delta_bits = 14) {
  GorillaEncoder enc(start, first_delta_bits);
  for (const EncodedPoint& p : points) REQUIRE(enc.append(p.timestamp, p.value));
  const std::vector<EncodedPoint> back = decode_all(enc);
  REQUIRE(back.size() == points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    INFO("point " << i);
    REQUIRE(back[i].timestamp == points[i].timestamp);
    REQUIRE(std::bit_cast<std::uint64_t>(back[i].value) ==
            std::bit_cast<std::uint64_t>(points[i].value));
  }
  return enc;
}

}  // namespace

TEST_CASE("storage/timeseries: Gorilla encodes the paper's Figure 2 example in its bit counts") {
  // Header 02:00:00; points at 02:01:02 = 12, 02:02:02 = 12, 02:03:02 = 24 (seconds).
  const std::int64_t header = 1427162400;  // March 24, 2015, 02:00:00 UTC
  GorillaEncoder enc =
      round_trip({{header + 62, 12}, {header + 122, 12}, {header + 182, 24}}, header);
  // 64 header + (14 + 64) first point + ('10' + 7 bits for D = -2, '0' for the equal value)
  // + ('0' for D = 0, '11' + 5 + 6 + 1 meaningful bit for 12 XOR 24).
  CHECK(enc.bit_count() == 64 + 14 + 64 + 9 + 1 + 1 + 14);
}

TEST_CASE("storage/timeseries: Gorilla's delta-of-delta buckets switch at the paper's bounds") {
  // Regular 60-tick deltas, then one jump of D; the point after it costs the bucket's bits.
  auto cost_of = [](std::int64_t dod) {
    GorillaEncoder base(0), jump(0);
    for (GorillaEncoder* e : {&base, &jump}) {
      REQUIRE(e->append(0, 1.0));
      REQUIRE(e->append(5000, 1.0));
    }
    REQUIRE(jump.append(10000 + dod, 1.0));
    REQUIRE(base.append(10000, 1.0));
    round_trip(decode_all(jump));
    return jump.bit_count() - base.bit_count() + 1;  // + the '0' the base point paid
  };
  CHECK(cost_of(0) == 1);
  CHECK(cost_of(-63) == 9);
  CHECK(cost_of(64) == 9);
  CHECK(cost_of(65) == 12);
  CHECK(cost_of(-64) == 12);
  CHECK(cost_of(256) == 12);
  CHECK(cost_of(-255) == 12);
  CHECK(cost_of(257) == 16);
  CHECK(cost_of(2048) == 16);
  CHECK(cost_of(-2047) == 16);
  CHECK(cost_of(2049) == 36);
  CHECK(cost_of(-2048) == 36);
}

TEST_CASE("storage/timeseries: Gorilla round-trips random points exactly") {
  sdsim::RandomStream rng(11, "gorilla-random");
  for (int series = 0; series < 50; ++series) {
    std::vector<EncodedPoint> pts;
    std::int64_t t = static_cast<std::int64_t>(rng.below(1000));
    for (int i = 0; i < 500; ++i) {
      t += static_cast<std::int64_t>(rng.below(series % 2 ? 100000 : 20));  // irregular gaps
      pts.push_back({t, std::bit_cast<double>(rng.next_u64())});  // any bit pattern, NaNs too
    }
    round_trip(pts, 0, 40);
  }
}

TEST_CASE("storage/timeseries: Gorilla round-trips adversarial values and timestamps") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double snan_payload = std::bit_cast<double>(0x7ff0000000000001ULL);
  const double denormal = std::numeric_limits<double>::denorm_min();
  std::vector<EncodedPoint> pts = {
      {0, 0.0},
      {0, -0.0},
      {0, nan},
      {1, -nan},
      {2, snan_payload},
      {3, inf},
      {4, -inf},
      {5, denormal},
      {6, -denormal},
      {7, 1e308},
      {8, -1e-308},
      {9, 1.0},
      {10, 1.0},
      {11, 1.0},
      {5000, 1.0},
      {5001, 2.0},
      {1 << 20, 3.0},
      {(1 << 20) + 1, 3.0},
      {(1 << 20) + 1, 3.0},
      {2147483647LL, 4.0},  // a gap whose delta of deltas fills the 32-bit bucket
      {2147483648LL, 5.0},
      {2147483648LL, std::bit_cast<double>(~0ULL)},  // all bits flip: 64 meaningful bits
      {2147483649LL, 0.0},
  };
  GorillaEncoder enc = round_trip(pts);
  CHECK(enc.count() == pts.size());
}

TEST_CASE("storage/timeseries: Gorilla refuses points that do not fit the block") {
  GorillaEncoder enc(1000);
  CHECK_FALSE(enc.append(999, 1.0));               // before the header
  CHECK_FALSE(enc.append(1000 + (1 << 14), 1.0));  // first delta wider than 14 bits
  REQUIRE(enc.append(1010, 1.0));
  CHECK_FALSE(enc.append(1009, 1.0));                            // backwards
  CHECK_FALSE(enc.append(1010 + (std::int64_t{1} << 32), 1.0));  // delta of deltas > 32 bits
  CHECK(enc.count() == 1);
  CHECK(decode_all(enc).size() == 1);
}

TEST_CASE(
    "storage/timeseries: a smooth gauge compresses to about the paper's 1.37 bytes per point") {
  // Two hours at 1-second resolution, sampled every 10 s with +-1 s jitter on a fifth of the
  // points, of a gauge that half the time moves by up to 5 whole units (connections, queue
  // depth): the kind of data behind the paper's average of 1.37 bytes per point.
  sdsim::RandomStream rng(3, "gorilla-smooth");
  std::vector<EncodedPoint> pts;
  double value = 120;
  for (std::int64_t t = 0; t < 7200; t += 10) {
    const std::int64_t jitter =
        rng.uniform01() < 0.2 ? static_cast<std::int64_t>(rng.below(3)) - 1 : 0;
    if (rng.uniform01() < 0.5) value += static_cast<double>(rng.below(11)) - 5;
    pts.push_back(
        {std::max<std::int64_t>(t + jitter, pts.empty() ? 0 : pts.back().timestamp), value});
  }
  GorillaEncoder enc = round_trip(pts);
  const double bytes_per_point = static_cast<double>(enc.bits().byte_count()) / pts.size();
  MESSAGE("smooth gauge: " << bytes_per_point << " bytes per point over " << pts.size()
                           << " points");
  CHECK(bytes_per_point > 0.8);
  CHECK(bytes_per_point < 2.0);
  CHECK(bytes_per_point < 16.0 / 8);  // at least 8x smaller than raw 16-byte points
}
