// The quorum rule as a property, against a naive reference: N replicas, writes acknowledged by
// W of them (a random W; each other replica gets the write or not at random, as a replica that
// was down or slow would), reads answered by a random R of them and reconciled by
// last-write-wins. The reference is the naive store: one copy that every acknowledged write
// reaches. Whenever R + W > N, every read equals the reference's latest acknowledged write
// (Gifford, "Weighted Voting for Replicated Data", SOSP 1979; Cassandra's "Tunable
// Consistency": "R + W > RF gives strong consistency"); when R + W <= N some read is stale.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/services/kv/consistency.hpp"

using namespace sdsim;
using namespace sdsim::kv_service;

namespace {

std::vector<int> random_subset(RandomStream& rng, int n, int k) {
  std::vector<int> all(n);
  for (int i = 0; i < n; ++i) all[i] = i;
  for (int i = 0; i < k; ++i) std::swap(all[i], all[i + static_cast<int>(rng.below(n - i))]);
  all.resize(k);
  return all;
}

// Stale reads in a random history of `ops` operations over `keys` keys.
int stale_reads(int n, Consistency write_level, Consistency read_level, std::uint64_t seed,
                int ops = 400) {
  RandomStream rng(seed, "quorum-property");
  const int w = required_replicas(write_level, n), r = required_replicas(read_level, n);
  std::vector<std::map<int, KvVersion>> replicas(n);
  std::map<int, KvVersion> reference;  // the naive store: every acknowledged write, latest wins
  std::int64_t clock = 0;
  int stale = 0;
  for (int op = 0; op < ops; ++op) {
    const int key = static_cast<int>(rng.below(5));
    if (rng.bernoulli(0.5)) {
      const KvVersion v{Value::of_size(static_cast<std::uint32_t>(op)), ++clock};
      std::vector<int> acked = random_subset(rng, n, w);
      for (int i = 0; i < n; ++i) {
        const bool got =
            std::find(acked.begin(), acked.end(), i) != acked.end() || rng.bernoulli(0.3);
        if (got && supersedes(v, replicas[i][key])) replicas[i][key] = v;
      }
      reference[key] = v;
    } else {
      std::vector<KvVersion> answers;
      for (int i : random_subset(rng, n, r)) answers.push_back(replicas[i][key]);
      if (!(reconcile(answers) == reference[key])) ++stale;
    }
  }
  return stale;
}

}  // namespace

TEST_CASE("kv property: R + W > N never reads stale; R + W <= N does") {
  const Consistency levels[] = {Consistency::one, Consistency::quorum, Consistency::all};
  for (int n = 1; n <= 7; ++n)
    for (Consistency wl : levels)
      for (Consistency rl : levels) {
        CAPTURE(n);
        CAPTURE(consistency_name(wl));
        CAPTURE(consistency_name(rl));
        int stale = 0;
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
          stale += stale_reads(n, wl, rl, seed * 100 + n);
        if (required_replicas(wl, n) + required_replicas(rl, n) > n)
          CHECK(stale == 0);
        else
          CHECK(stale > 0);
      }
}
