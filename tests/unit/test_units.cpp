#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/core/units.hpp"

using sdsim::Dimension;
using sdsim::format_quantity;
using sdsim::parse_quantity;

namespace {

double parsed(const char* text, Dimension dim) {
  sdsim::QuantityParse r = parse_quantity(text, dim);
  INFO("text: '", text, "' error: ", r.error);
  REQUIRE(r.ok);
  return r.value;
}

std::string error_of(const char* text, Dimension dim) {
  sdsim::QuantityParse r = parse_quantity(text, dim);
  INFO("text: '", text, "'");
  REQUIRE_FALSE(r.ok);
  CHECK_FALSE(r.error.empty());
  return r.error;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct Case {
  const char* text;
  double si;
};

void check_all(const std::vector<Case>& cases, Dimension dim) {
  for (const Case& c : cases) {
    INFO("text: ", c.text);
    CHECK(parsed(c.text, dim) == doctest::Approx(c.si).epsilon(1e-12));
  }
}

}  // namespace

TEST_CASE("every duration unit converts to seconds") {
  check_all({{"5ns", 5e-9},
             {"5us", 5e-6},
             {"150ms", 0.150},
             {"2s", 2.0},
             {"3m", 180.0},
             {"3min", 180.0},
             {"2h", 7200.0},
             {"1d", 86400.0},
             {"1y", 365.0 * 86400.0}},
            Dimension::Duration);
}

TEST_CASE("every size unit converts to bytes") {
  check_all({{"7B", 7.0},
             {"4KB", 4e3},
             {"4MB", 4e6},
             {"4GB", 4e9},
             {"4TB", 4e12},
             {"4PB", 4e15},
             {"4KiB", 4096.0},
             {"4MiB", 4.0 * 1048576.0},
             {"4GiB", 4.0 * 1073741824.0},
             {"1TiB", 1099511627776.0}},
            Dimension::Size);
}

TEST_CASE("rates are a count per duration unit") {
  check_all({{"2000/s", 2000.0},
             {"5/ms", 5000.0},
             {"3/us", 3e6},
             {"30/min", 0.5},
             {"30/m", 0.5},
             {"2/h", 2.0 / 3600.0},
             {"24/d", 1.0 / 3600.0}},
            Dimension::Rate);
}

TEST_CASE("bandwidths in bits are divided by 8, in bytes are kept") {
  check_all({{"8bps", 1.0},         {"1Kbps", 125.0},         {"1Mbps", 125e3},
             {"1Gbps", 125e6},      {"10Gbps", 1.25e9},       {"1Tbps", 125e9},
             {"3Bps", 3.0},         {"3KBps", 3e3},           {"3MBps", 3e6},
             {"3GBps", 3e9},        {"3TBps", 3e12},          {"1KiBps", 1024.0},
             {"1MiBps", 1048576.0}, {"1GiBps", 1073741824.0}, {"3B/s", 3.0},
             {"3KB/s", 3e3},        {"3MB/s", 3e6},           {"3GB/s", 3e9},
             {"2MiB/s", 2097152.0}, {"1GiB/s", 1073741824.0}},
            Dimension::Bandwidth);
}

TEST_CASE("number forms and one optional space") {
  check_all({{"12s", 12.0},
             {"0.5s", 0.5},
             {".5s", 0.5},
             {"1e3ms", 1.0},
             {"1.5e-3s", 1.5e-3},
             {"2E+1s", 20.0},
             {"150 ms", 0.150},
             {"  150ms  ", 0.150}},
            Dimension::Duration);
  CHECK(parsed("4 KiB", Dimension::Size) == 4096.0);
  CHECK(parsed("2000 /s", Dimension::Rate) == 2000.0);
  CHECK(parsed("0s", Dimension::Duration) == 0.0);
}

TEST_CASE("a bare number is an error: every dimensioned value takes a unit") {
  CHECK(error_of("150", Dimension::Duration) == "missing unit (a duration, e.g. 150ms)");
  CHECK(contains(error_of("4096", Dimension::Size), "missing unit"));
  CHECK(contains(error_of("2000", Dimension::Rate), "e.g. 2000/s"));
  CHECK(contains(error_of("1e9", Dimension::Bandwidth), "a bandwidth"));
  CHECK(contains(error_of("150 ", Dimension::Duration), "missing unit"));
}

TEST_CASE("unknown units are named, with the valid ones listed") {
  std::string err = error_of("5mz", Dimension::Duration);
  CHECK(contains(err, "unknown unit 'mz' for a duration"));
  CHECK(contains(err, "ns, us, ms, s, m, h, d"));
  CHECK(contains(error_of("5 parsecs", Dimension::Size), "unknown unit 'parsecs' for a size"));
  CHECK(contains(error_of("1 gbit", Dimension::Bandwidth), "unknown unit 'gbit'"));
}

TEST_CASE("units are case-sensitive, and the slip gets a hint") {
  CHECK(contains(error_of("5mb", Dimension::Size), "did you mean 'MB'?"));
  CHECK(contains(error_of("5MS", Dimension::Duration), "did you mean 'ms'?"));
  CHECK(contains(error_of("1gbps", Dimension::Bandwidth), "did you mean 'Gbps'?"));
  CHECK(contains(error_of("2000s", Dimension::Rate), "did you mean '/s'?"));
  CHECK(contains(error_of("5MB", Dimension::Duration), "'MB' is a size unit"));
  // Mb would be megabits: not a size, and not silently read as megabytes.
  CHECK_FALSE(parse_quantity("5Mb", Dimension::Size).ok);
}

TEST_CASE("negative, empty and garbage input are errors") {
  CHECK(contains(error_of("-5s", Dimension::Duration), "negative duration"));
  CHECK(contains(error_of("-1KB", Dimension::Size), "negative size"));
  CHECK(contains(error_of("", Dimension::Duration), "empty value"));
  CHECK(contains(error_of("   ", Dimension::Duration), "empty value"));
  CHECK(contains(error_of("ms", Dimension::Duration), "expected a number"));
  CHECK(contains(error_of("abc", Dimension::Size), "expected a number"));
  CHECK(contains(error_of(".s", Dimension::Duration), "expected a number"));
  CHECK(contains(error_of("1e999s", Dimension::Duration), "out of range"));
  CHECK(contains(error_of("150  ms", Dimension::Duration), "one space"));
  CHECK_FALSE(parse_quantity("1.2.3s", Dimension::Duration).ok);
  CHECK_FALSE(parse_quantity("5s5", Dimension::Duration).ok);
  CHECK_FALSE(parse_quantity("+5s", Dimension::Duration).ok);
  CHECK_FALSE(parse_quantity("nan s", Dimension::Duration).ok);
  CHECK_FALSE(parse_quantity("inf s", Dimension::Duration).ok);
  CHECK_FALSE(parse_quantity("0x10s", Dimension::Duration).ok);
}

TEST_CASE("format_quantity picks a readable unit with up to 4 significant digits") {
  CHECK(format_quantity(0.2046, Dimension::Duration) == "204.6 ms");
  CHECK(format_quantity(5.0, Dimension::Duration) == "5 s");
  CHECK(format_quantity(0.0, Dimension::Duration) == "0 s");
  CHECK(format_quantity(1.5e-6, Dimension::Duration) == "1.5 us");
  CHECK(format_quantity(42e-9, Dimension::Duration) == "42 ns");
  CHECK(format_quantity(90.0, Dimension::Duration) == "90 s");
  CHECK(format_quantity(600.0, Dimension::Duration) == "10 min");
  CHECK(format_quantity(7200.0, Dimension::Duration) == "2 h");
  CHECK(format_quantity(3 * 86400.0, Dimension::Duration) == "3 d");
  CHECK(format_quantity(0.99996, Dimension::Duration) == "1 s");
  CHECK(format_quantity(4096.0, Dimension::Size) == "4.096 KB");
  CHECK(format_quantity(0.0, Dimension::Size) == "0 B");
  CHECK(format_quantity(512.0, Dimension::Size) == "512 B");
  CHECK(format_quantity(1.5e12, Dimension::Size) == "1.5 TB");
  CHECK(format_quantity(1.25e9, Dimension::Bandwidth) == "1.25 GB/s");
  CHECK(format_quantity(0.0, Dimension::Bandwidth) == "0 B/s");
  CHECK(format_quantity(2000.0, Dimension::Rate) == "2000/s");
  CHECK(format_quantity(0.5, Dimension::Rate) == "30/min");
  CHECK(format_quantity(2e6, Dimension::Rate) == "2000/ms");
  CHECK(format_quantity(0.0, Dimension::Rate) == "0/s");
  CHECK(format_quantity(-0.25, Dimension::Duration) == "-250 ms");
}

TEST_CASE("format_quantity output parses back to the same value within 4 digits") {
  const double values[] = {1e-10, 3e-9,   1.234e-6, 0.2046, 1.0,     59.9,    61.0,
                           599.0, 3601.0, 86399.0,  1e5,    2.5e6,   3.3e7,   9.99e8,
                           1e10,  7.7e12, 1.2e15,   4.4e16, 1.0 / 7, 123456.0};
  for (Dimension dim :
       {Dimension::Duration, Dimension::Size, Dimension::Rate, Dimension::Bandwidth}) {
    for (double v : values) {
      std::string text = format_quantity(v, dim);
      sdsim::QuantityParse back = parse_quantity(text, dim);
      INFO(sdsim::dimension_name(dim), " ", v, " -> '", text, "' ", back.error);
      REQUIRE(back.ok);
      CHECK(back.value == doctest::Approx(v).epsilon(5e-4));
    }
  }
}

TEST_CASE("dimension names, SI units and examples") {
  CHECK(std::string(sdsim::si_unit(Dimension::Duration)) == "s");
  CHECK(std::string(sdsim::si_unit(Dimension::Size)) == "B");
  CHECK(std::string(sdsim::si_unit(Dimension::Rate)) == "1/s");
  CHECK(std::string(sdsim::si_unit(Dimension::Bandwidth)) == "B/s");
  CHECK(std::string(sdsim::dimension_name(Dimension::Bandwidth)) == "bandwidth");
  for (Dimension dim :
       {Dimension::Duration, Dimension::Size, Dimension::Rate, Dimension::Bandwidth})
    CHECK(parse_quantity(sdsim::unit_example(dim), dim).ok);  // examples must be valid
}
