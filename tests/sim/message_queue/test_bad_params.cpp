// Settings the message queue cannot honour are refused with a located error, exit 2 and
// nothing written (the CLI contract, /work/shared/design.md).
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

TEST_CASE("message_queue: workload.requests is refused, not silently ignored") {
  simt::TempDir dir("sdsim-simt-mq-bad");
  simt::write_file(dir / "scn.yaml",
                   "name: mq-requests\nmodel: message_queue\nduration: 5s\nworkload: {rate: 100/s, "
                   "requests: 200}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:4:") != std::string::npos);
  CHECK(r.err.find("workload.requests") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
