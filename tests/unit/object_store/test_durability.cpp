#include <doctest/doctest.h>

#include <cmath>

#include "models/object_store/checker.hpp"

using namespace sdsim::object_store;

TEST_CASE("analytic durability against hand-computed values") {
  // AFR 50%, window one year: lambda = ln 2, p = 1/2.
  // 3 copies: P_window = C(2,2)/4 = 1/4; annual = 1 - exp(-3 ln2 / 4) = 1 - 2^-0.75.
  CHECK(annual_loss_probability(3, 2, 0.5, kYear) == doctest::Approx(1 - std::pow(2.0, -0.75)).epsilon(1e-12));
  // RS(2,1): P_window = C(2,1)/4 + C(2,2)/4 = 3/4; annual = 1 - 2^-2.25.
  CHECK(annual_loss_probability(3, 1, 0.5, kYear) == doctest::Approx(1 - std::pow(2.0, -2.25)).epsilon(1e-12));
  // Small p: 3 copies, AFR 2%, one-day window: about 3 lambda (lambda W)^2.
  const double lambda = -std::log(0.98), p = lambda / 365.25;
  CHECK(annual_loss_probability(3, 2, 0.02, 86400) == doctest::Approx(3 * lambda * p * p).epsilon(0.01));
  // RS(8,4) is far more durable than 3 copies at the same AFR and window.
  CHECK(annual_loss_probability(12, 4, 0.02, 86400) < annual_loss_probability(3, 2, 0.02, 86400) * 1e-3);
  CHECK(annual_loss_probability(3, 2, 0.0, 86400) == 0.0);
  CHECK(binomial(11, 4) == 330);
}

TEST_CASE("annualising a loss fraction observed over an exposure") {
  CHECK(annualise(0.0, 1e6) == 0.0);
  CHECK(annualise(0.1, kYear) == doctest::Approx(0.1));
  // Half a year with 10% loss: 1 - 0.9^2 over a year.
  CHECK(annualise(0.1, kYear / 2) == doctest::Approx(0.19));
}
