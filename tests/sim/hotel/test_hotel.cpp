// The hotel model end to end: bad parameters are refused with a located error (exit 2, nothing
// written), and a coordinator crash in two-phase commit leaves transactions prepared (the
// timeseries gauge) until the restarted coordinator's recovery rolls them back.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "cli.hpp"

namespace {
void bad(const std::string& params, const std::string& where, const std::string& what) {
  simt::TempDir dir("sdsim-simt-hotel-bad");
  simt::write_file(dir / "scn.yaml", "name: hotel-bad\nmodel: hotel\nparams:\n" + params +
                                         "workload: {rate: 10/s, requests: 10}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:" + where) != std::string::npos);
  CHECK(r.err.find(what) != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
}  // namespace

TEST_CASE("hotel: bad parameters exit 2 with a located message") {
  bad("  inventory: {nights: 2}\n  stay: {max_nights: 3}\n", "5:", "params.stay.max_nights");
  bad("  payment: {outages: '10s'}\n", "4:", "params.payment.outages");
  bad("  concurrency: optimist\n", "4:", "params.concurrency");
  bad("  inventory: {hotels: 5000, room_types: 20, nights: 365}\n", "4:", "inventory rows");
}

TEST_CASE("hotel: 2PC through a coordinator crash: prepared while it is down, recovered after") {
  simt::TempDir dir("sdsim-simt-hotel-2pc");
  simt::write_file(dir / "scn.yaml", R"(name: hotel-2pc-crash
model: hotel
seed: 3
params:
  inventory: {hotels: 1, room_types: 10, nights: 1, rooms: 100000}
  across: twopc
  payment: {latency_mean: 500ms, latency_cv: 0.1, failure_rate: 0, timeout_rate: 0}
workload: {arrival: constant, rate: 10/s, duration: 10s, clients: 2, timeout: 30s, keys: {count: 10}}
faults:
  - {at: 4s, crash: reservation-0, restart_after: 3s}
output: {interval: 1s}
)");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out/summary.json");
  const auto& m = s["metrics"];
  // At 10 bookings/s each prepared for at least 0.36 s, the crash at 4 s finds some prepared:
  // presumed abort rolls them back once the coordinator is back at 7 s.
  CHECK(m["twopc.recovered"].get<double>() >= 3);
  CHECK(m["twopc.aborts"].get<double>() == m["twopc.recovered"].get<double>());  // no payment fails
  CHECK(m["twopc.blocked_time"].get<double>() >= 3.0);
  CHECK(m["twopc.blocked_time"].get<double>() < 4.0);
  CHECK(m["twopc.prepared_left"].get<double>() == 0);
  CHECK(m["bookings.unpaid"].get<double>() == 0);
  CHECK(m["payments.orphaned"].get<double>() == 0);
  // The gauge (one row per second, the first at 1 s): while the coordinator is down (4-7 s)
  // nothing new is prepared or finished, so the rows at 5 s and 6 s hold exactly the
  // transactions the recovery later rolled back; at the end none is left.
  std::istringstream ts(simt::read_file(dir / "out/timeseries.csv"));
  std::string header, line;
  std::getline(ts, header);
  int column = 0;
  for (std::size_t at = 0, next; (next = header.find(',', at)) != std::string::npos &&
                                 header.substr(at, next - at) != "prepared_transactions";
       at = next + 1)
    ++column;
  std::vector<double> prepared;
  while (std::getline(ts, line)) {
    std::istringstream row(line);
    std::string field;
    for (int i = 0; i <= column; ++i) std::getline(row, field, ',');
    prepared.push_back(std::stod(field));
  }
  REQUIRE(prepared.size() >= 8);
  CHECK(prepared[4] == m["twopc.recovered"].get<double>());
  CHECK(prepared[5] == m["twopc.recovered"].get<double>());
  CHECK(prepared.back() == 0);
}
