// Quantities with units, as written in scenarios: "150ms", "4KB", "1Gbps", "2000/s".
// Everything inside sdsim is SI: seconds, bytes, 1/s, bytes/s.
#pragma once

#include <string>
#include <string_view>

namespace sdsim {

enum class Dimension {
  Duration,   // seconds;   units ns us ms s m|min h d y
  Size,       // bytes;     B KB MB GB TB PB (10^3) KiB MiB GiB TiB (2^10)
  Rate,       // 1/s;       N/s N/ms N/min N/h  (e.g. "2000/s")
  Bandwidth,  // bytes/s;   bps Kbps Mbps Gbps Tbps (bits) Bps KBps MBps GBps TBps, B/s KB/s MiB/s ...
};

// The SI unit a dimension is stored in, for output columns and docs: "s", "B", "1/s", "B/s".
const char* si_unit(Dimension dim);
// Human name: "duration", "size", "rate", "bandwidth".
const char* dimension_name(Dimension dim);
// One example per dimension for error messages: "150ms", "4KB", "2000/s", "1Gbps".
const char* unit_example(Dimension dim);

struct QuantityParse {
  bool ok = false;
  double value = 0.0;  // SI
  std::string error;   // when !ok: e.g. "missing unit (a duration, e.g. 150ms)" or "unknown unit 'mz' ..."
};

// Parses a number (integer, decimal or exponent form; no sign for negative values is rejected
// here, range checks belong to the caller) followed by an optional space and a unit of the
// dimension. A bare number is an error: every value with a dimension takes a unit.
QuantityParse parse_quantity(std::string_view text, Dimension dim);

// A simulated time as outputs write it: rounded to the nanosecond, so a fault `at: 20s` is
// logged as 20, not 19.99999999999998 (SimGrid's clock accumulates floating-point steps).
inline double round_ns(double seconds) {
  const double ns = seconds * 1e9;
  return (ns >= 0 ? static_cast<double>(static_cast<long long>(ns + 0.5)) : -static_cast<double>(static_cast<long long>(-ns + 0.5))) / 1e9;
}

// Short human form with a fitting unit, for tables: 0.2046 -> "204.6 ms", 4096 -> "4.096 KB".
std::string format_quantity(double value, Dimension dim);  // value in SI units

}  // namespace sdsim
