#include <doctest/doctest.h>

#include <cmath>

#include "models/object_store/checker.hpp"

using namespace sdsim::object_store;

TEST_CASE("analytic durability against hand-computed values") {
  // AFR 50%, window one year: lambda = ln 2, p = 1/2.
  // 3 copies: P_window = C(2,2)/4 = 1/4; annual = 1 - exp(-3 ln2 / 4) = 1 - 2^-0.75.
  CHECK(annual_loss_probability(3, 2, 0.5, kYear) ==
        doctest::Approx(1 - std::pow(2.0, -0.75)).epsilon(1e-12));
  // RS(2,1): P_window = C(2,1)/4 + C(2,2)/4 = 3/4; annual = 1 - 2^-2.25.
  CHECK(annual_loss_probability(3, 1, 0.5, kYear) ==
        doctest::Approx(1 - std::pow(2.0, -2.25)).epsilon(1e-12));
  // Small p: 3 copies, AFR 2%, one-day window: about 3 lambda (lambda W)^2.
  const double lambda = -std::log(0.98), p = lambda / 365.25;
  CHECK(annual_loss_probability(3, 2, 0.02, 86400) ==
        doctest::Approx(3 * lambda * p * p).epsilon(0.01));
  // RS(8,4) is far more durable than 3 copies at the same AFR and window.
  CHECK(annual_loss_probability(12, 4, 0.02, 86400) <
        annual_loss_probability(3, 2, 0.02, 86400) * 1e-3);
  CHECK(annual_loss_probability(3, 2, 0.0, 86400) == 0.0);
  CHECK(binomial(11, 4) == 330);
}

TEST_CASE("annualising a loss fraction observed over an exposure") {
  CHECK(annualise(0.0, 1e6) == 0.0);
  CHECK(annualise(0.1, kYear) == doctest::Approx(0.1));
  // Half a year with 10% loss: 1 - 0.9^2 over a year.
  CHECK(annualise(0.1, kYear / 2) == doctest::Approx(0.19));
}

// The Backblaze calculator's published example: 4 data + 2 parity shards, 10% annual failure
// rate, 1-day replacement: an annual loss of about 1.5e-7 (Backblaze, "Backblaze Durability
// Calculates at 99.999999999%", https://www.backblaze.com/blog/cloud-storage-durability/).
TEST_CASE("Backblaze durability model reproduces the calculator's published example") {
  const double loss = backblaze_annual_loss(6, 2, 0.10, 86400);
  CHECK(loss == doctest::Approx(1.5e-7).epsilon(0.01));
  // By hand: p = 1 - e^(-0.1/365); a period loses the object when 3 or more of 6 fail:
  // about C(6,3) p^3 = 20 p^3; 365 periods a year.
  const double p = -std::expm1(-0.1 / 365);
  CHECK(loss == doctest::Approx(365 * 20 * p * p * p).epsilon(0.005));
  // Backblaze's own vault, 17 + 3: far more durable than 4 + 2 at the same inputs.
  CHECK(backblaze_annual_loss(20, 3, 0.10, 86400) < loss);
  // The window model is about (tolerate + 1) x the Backblaze figure for small p (it counts
  // the other failures within W after each one, the calculator only failures in one period).
  const double window = annual_loss_probability(6, 2, 0.10, 86400);
  CHECK(window / loss > 2.0);
  CHECK(window / loss < 4.0);
  CHECK(backblaze_annual_loss(6, 2, 0.0, 86400) == 0.0);
}
