// Hinted handoff's store (Cassandra docs, "Hinted Handoff: repair during write path"): hints
// are kept per target and replayed oldest first; a target down longer than max_hint_window
// gets no new hints.
#include <doctest/doctest.h>

#include "sim/services/kv/hint_store.hpp"

using namespace sdsim::kv_service;

TEST_CASE("kv hints: kept per target, replayed oldest first, refused beyond the window") {
  HintStore h(3 * 3600.0);
  CHECK(h.add(1, Hint{"a", {Value::of_size(10), 1}, 0}, 100, 50));
  CHECK(h.add(1, Hint{"b", {Value::of_size(10), 2}, 0}, 101, 50));
  CHECK(h.add(2, Hint{"c", {std::nullopt, 3}, 0}, 102, 100));
  CHECK_FALSE(h.add(2, Hint{"d", {Value::of_size(10), 4}, 0}, 100 + 3 * 3600.0 + 1, 100));
  CHECK(h.stats().refused_window == 1);
  CHECK(h.pending() == 3);
  CHECK(h.targets() == std::vector<int>{1, 2});
  const auto batch = h.peek(1, 1e9);
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].key == "a");
  CHECK(h.peek(1, 1).size() == 1);  // at least one, even over the byte budget
  h.delivered(1, 1);
  CHECK(h.pending(1) == 1);
  CHECK(h.peek(1, 1e9)[0].key == "b");
  h.delivered(1, 5);
  CHECK(h.pending(1) == 0);
  CHECK(h.targets() == std::vector<int>{2});
  CHECK(h.stats().replayed == 2);
  CHECK(h.stats().stored == 3);
}
