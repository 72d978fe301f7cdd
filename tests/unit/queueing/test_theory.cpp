// The closed forms the queueing model is held against, checked on values that can be worked
// out by hand (Kleinrock, Queueing Systems vol. 1: M/M/1 3.4, M/M/c 3.5 "Erlang's C formula",
// M/G/1 5.6 Pollaczek-Khinchine).
#include <doctest/doctest.h>

#include "models/queueing/checker.hpp"

using namespace sdsim::queueing;

TEST_CASE("queueing: Erlang C on hand-worked cases") {
  CHECK(erlang_c(0.8, 1) == doctest::Approx(0.8));        // one server: P(wait) = rho
  CHECK(erlang_c(1.0, 2) == doctest::Approx(1.0 / 3.0));  // (a^2/2! * 2/(2-1)) / (1 + 1 + 1)
  // c = 10, a = 8: the README's M/M/10 at rho 0.8 (sum worked out in double precision).
  CHECK(erlang_c(8.0, 10) == doctest::Approx(0.4092).epsilon(1e-3));
}

TEST_CASE("queueing: M/M/1 and M/D/1 mean waits") {
  // M/M/1, lambda 0.8, mu 1: Wq = rho / (mu - lambda) = 4 s, by Erlang C and by P-K with cv 1.
  CHECK(mmc_mean_wait(0.8, 1.0, 1) == doctest::Approx(4.0));
  CHECK(mg1_mean_wait(0.8, 1.0, 1.0) == doctest::Approx(4.0));
  // M/D/1 waits half as long as M/M/1.
  CHECK(mg1_mean_wait(0.8, 1.0, 0.0) == doctest::Approx(2.0));
}

TEST_CASE("queueing: Little's law ratio") {
  CHECK(littles_law_ratio(1.6, 0.8, 2.0) == doctest::Approx(1.0));
  CHECK(littles_law_ratio(0.0, 0.8, 0.0) == doctest::Approx(1.0));  // nobody waited: 0 = 0.8 * 0
  CHECK(littles_law_ratio(2.0, 0.8, 2.0) == doctest::Approx(1.25));
}
