// Object store input checks: a heartbeat grace shorter than the heartbeat interval is
// rejected (exit 2, located, nothing written: before, it ran and produced thousands of false
// node-downs); rack-aware RS(k,m) on fewer failure domains than k+m runs but warns.
#include <doctest/doctest.h>

#include "cli.hpp"

TEST_CASE("object store: a heartbeat grace shorter than the interval is rejected at its line") {
  simt::TempDir dir("sdsim-simt-os-validation");
  simt::write_file(
      dir / "scn.yaml",
      "name: os-grace\nmodel: object_store\nseed: 1\nparams:\n  objects: 50\n"
      "  heartbeat: {interval: 2s, grace: 1s}\nworkload: {clients: 1, rate: 1/s, duration: 5s}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--quiet", "--out", "out"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:6:") != std::string::npos);
  CHECK(r.err.find("params.heartbeat.grace") != std::string::npos);
  CHECK_FALSE(simt::fs::exists(dir / "out"));
}

TEST_CASE("object store: rack-aware RS(8,4) on six racks warns that shards share a rack") {
  simt::TempDir dir("sdsim-simt-os-validation");
  const auto r =
      simt::sdsim({"run", simt::source_dir() + "/scenarios/object_store/erasure-coding-8-4.yaml",
                   "--quiet", "--out", (dir / "out").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("warning: params.rack_aware: RS(8,4) puts 12 shards on 6 failure domains") !=
        std::string::npos);
  CHECK(simt::read_file(dir / "out" / "events.csv").find("placement_warning") != std::string::npos);
  // Six shards on six racks: no warning.
  const auto ok =
      simt::sdsim({"run", simt::source_dir() + "/scenarios/object_store/rack-loss-aware.yaml",
                   "--quiet", "--out", (dir / "ok").string()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("warning") == std::string::npos);
}
