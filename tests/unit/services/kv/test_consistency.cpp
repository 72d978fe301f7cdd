// Consistency levels and last-write-wins reconciliation, as the Cassandra documentation
// defines them ("Tunable Consistency": QUORUM = floor(RF / 2) + 1; "How are consistent read
// and write operations handled?": the most recent timestamp wins; the storage engine's
// reconcile rule, held here against the LSM block's own `supersedes`).
#include <doctest/doctest.h>

#include "sim/core/random.hpp"
#include "sim/services/kv/consistency.hpp"
#include "sim/storage/lsm/version.hpp"

using namespace sdsim;
using namespace sdsim::kv_service;

TEST_CASE("kv: replicas required per consistency level") {
  CHECK(required_replicas(Consistency::one, 3) == 1);
  CHECK(required_replicas(Consistency::quorum, 3) == 2);
  CHECK(required_replicas(Consistency::all, 3) == 3);
  CHECK(required_replicas(Consistency::quorum, 1) == 1);
  CHECK(required_replicas(Consistency::quorum, 4) == 3);
  CHECK(required_replicas(Consistency::quorum, 5) == 3);
  CHECK(required_replicas(Consistency::quorum, 6) == 4);
  // Two quorums always overlap; QUORUM + ONE does not for N >= 2.
  for (int n = 1; n <= 9; ++n) {
    CHECK(2 * required_replicas(Consistency::quorum, n) > n);
    CHECK(required_replicas(Consistency::all, n) + required_replicas(Consistency::one, n) > n);
  }
  CHECK(std::string(consistency_name(Consistency::quorum)) == "QUORUM");
}

TEST_CASE("kv: reconcile is last-write-wins, a tombstone wins a tie, then the greater value") {
  const KvVersion a{Value::bytes("a"), 10}, b{Value::bytes("b"), 10}, old{Value::bytes("z"), 9};
  const KvVersion tomb{std::nullopt, 10}, none{};
  CHECK(reconcile({a, old}) == a);
  CHECK(reconcile({a, b}) == b);
  CHECK(reconcile({b, a}) == b);
  CHECK(reconcile({a, tomb, b}) == tomb);
  CHECK(reconcile({none, old}) == old);
  CHECK_FALSE(reconcile({none, none}).exists());
  CHECK(tomb.tombstone());
  CHECK_FALSE(none.tombstone());
}

TEST_CASE("kv: reconcile agrees with the LSM block's rule on random versions") {
  RandomStream rng(7, "reconcile");
  auto draw = [&] {
    KvVersion v;
    v.timestamp_us = 1 + static_cast<std::int64_t>(rng.below(4));
    if (!rng.bernoulli(0.3))
      v.value = Value::bytes(std::string(1, static_cast<char>('a' + rng.below(3))));
    return v;
  };
  auto as_lsm = [](const KvVersion& v) {
    storage::lsm::Version l;
    l.timestamp_us = v.timestamp_us;
    l.tombstone = !v.value;
    if (v.value) l.value = *v.value;
    return l;
  };
  for (int i = 0; i < 2000; ++i) {
    const KvVersion a = draw(), b = draw();
    CHECK(supersedes(a, b) == storage::lsm::supersedes(as_lsm(a), as_lsm(b)));
  }
}
