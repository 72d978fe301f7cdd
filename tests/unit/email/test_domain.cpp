// The email model's domain logic against the definitions it follows:
// - RFC 5321 section 4.2.1: 2yz positive, 4yz transient negative, 5yz permanent negative;
//   section 4.5.4.1: retry interval at least 30 minutes, give-up time at least 4-5 days;
//   RFC 3463 section 3.5 (X.4.7, delivery time expired) for the give-up's notification;
// - Elasticsearch's index.refresh_interval: a document is searchable after the next refresh;
// - the book's back-of-the-envelope estimate (ch. 8).
#include <doctest/doctest.h>

#include <stdexcept>

#include "models/email/estimate.hpp"
#include "models/email/index_freshness.hpp"
#include "models/email/smtp_retry.hpp"

using namespace sdsim::email;

TEST_CASE("email: reply classes (RFC 5321 4.2.1)") {
  CHECK(classify_reply(250) == ReplyClass::positive);
  CHECK(classify_reply(421) == ReplyClass::transient);
  CHECK(classify_reply(451) == ReplyClass::transient);
  CHECK(classify_reply(550) == ReplyClass::permanent);
  CHECK(classify_reply(554) == ReplyClass::permanent);
  CHECK_THROWS_AS(classify_reply(354), std::invalid_argument);
  CHECK_THROWS_AS(classify_reply(99), std::invalid_argument);
}

TEST_CASE("email: a 5yz bounces at once, with its status (RFC 5321 4.2.1, RFC 3463 3.1)") {
  Delivery d;
  d.queued_at = 100;
  after_attempt(d, RetryPolicy{}, 101, 551);
  CHECK(d.outcome == Outcome::bounced);
  CHECK(d.finished == 101);
  CHECK(d.attempts == 1);
  CHECK(d.dsn_status == "5.5.1");
}

TEST_CASE("email: a 3 h outage: retries every 30 min, delivered after (RFC 5321 4.5.4.1)") {
  const RetryPolicy p;  // 30 min, constant, 5 days
  Delivery d;
  d.queued_at = 0;
  double t = 0;
  std::vector<double> attempts;
  while (d.outcome == Outcome::queued) {
    attempts.push_back(t);
    after_attempt(d, p, t, t < 3 * 3600 ? 421 : 250);
    if (d.outcome == Outcome::queued) {
      CHECK_FALSE(d.bounce_due);
      CHECK(d.next - t >= 1800);
      t = d.next;
    }
  }
  CHECK(d.outcome == Outcome::delivered);
  // Attempts at 0, 0.5 h, ..., 3 h: the one at 3 h is the first after the outage.
  CHECK(attempts.size() == 7);
  CHECK(d.finished == 3 * 3600);
}

TEST_CASE("email: an outage past the give-up time bounces once, at the give-up time (4.5.4.1)") {
  RetryPolicy p;
  p.give_up = 4 * 86400 + 600;  // not a multiple of the interval
  Delivery d;
  d.queued_at = 50;
  double t = 50;
  int bounces = 0;
  while (d.outcome == Outcome::queued) {
    if (d.bounce_due) {
      give_up(d, d.next);
      ++bounces;
      break;
    }
    after_attempt(d, p, t, 451);
    t = d.next;
  }
  CHECK(bounces == 1);
  CHECK(d.outcome == Outcome::bounced);
  CHECK(d.finished == doctest::Approx(50 + p.give_up));
  CHECK(d.dsn_status == "4.4.7");
  CHECK(d.attempts == 4 * 48 + 1);  // at 0, 30 min, ..., 96 h
}

TEST_CASE("email: back-off grows by its factor up to the cap, never below 30 min") {
  RetryPolicy p;
  p.min_interval = 1800;
  p.max_interval = 4 * 3600;
  p.backoff = 2;
  Delivery d;
  std::vector<double> gaps;
  double t = 0;
  for (int i = 0; i < 6; ++i) {
    after_attempt(d, p, t, 450);
    gaps.push_back(d.next - t);
    t = d.next;
  }
  CHECK(gaps == std::vector<double>{1800, 3600, 7200, 14400, 14400, 14400});
}

TEST_CASE("email: searchable at the next refresh strictly after indexing") {
  CHECK(searchable_at(0.2, 1.0) == 1.0);
  CHECK(searchable_at(1.0, 1.0) == 2.0);
  CHECK(searchable_at(1.999, 1.0) == 2.0);
  CHECK(searchable_at(7.0, 5.0) == 10.0);
}

TEST_CASE("email: freshness and the index's lag, with a crash re-read from the log") {
  FreshnessLedger f;
  // Five emails stored at 0..4 s; the indexer indexes 0-2 at once, then crashes at 2.5 s with
  // emails 1-2 not committed; on restart at 10 s it re-reads from offset 1 (1, 2 again: duplicates)
  // and catches up with 3 and 4.
  for (std::uint64_t id = 0; id < 5; ++id) f.stored(id, double(id));
  CHECK(f.indexed(0, 0.1, 1.0));
  CHECK(f.indexed(1, 1.1, 1.0));
  CHECK(f.indexed(2, 2.1, 1.0));
  CHECK_FALSE(f.indexed(1, 10.0, 1.0));
  CHECK_FALSE(f.indexed(2, 10.0, 1.0));
  CHECK(f.indexed(3, 10.0, 1.0));
  CHECK(f.indexed(4, 10.0, 1.0));
  CHECK(f.duplicates() == 2);
  CHECK(f.searchable_count() == 5);
  CHECK(f.inconsistent_at(2.5) == 1);   // 2 stored at 2, searchable at 3
  CHECK(f.inconsistent_at(9.0) == 2);   // 3 and 4 wait for the restart
  CHECK(f.inconsistent_at(11.0) == 0);  // caught up at the refresh at 11 s
  CHECK(f.inconsistent_max() == 2);
  auto fr = f.freshness();
  REQUIRE(fr.size() == 5);
  CHECK(fr[0] == 1.0);
  CHECK(fr[3] == 8.0);
  CHECK(fr[4] == 7.0);
}

TEST_CASE("email: an observed visibility replaces the prediction (node crash before the refresh)") {
  FreshnessLedger f;
  f.stored(0, 0.0);
  f.stored(1, 0.5);
  CHECK(f.indexed(0, 0.2, 1.0));  // predicted searchable at 1 s
  CHECK(f.indexed(1, 0.6, 1.0));
  // The node crashed at 0.9 s and replayed its translog at 4.2 s: seen at the refresh of 5 s.
  f.observed(0, 5.0);
  f.observed(1, 5.0);
  CHECK(f.inconsistent_at(1.5) == 2);
  CHECK(f.inconsistent_at(5.0) == 0);
  CHECK(f.freshness() == std::vector<double>{5.0, 4.5});
  CHECK(f.duplicates() == 0);
}

TEST_CASE("email: the book's estimate from its inputs (ch. 8)") {
  const Estimate e = estimate(ScaleConfig{1e9, 10, 40, 50e3, 0.2, 500e3});
  CHECK(e.send_qps == doctest::Approx(1e10 / 86400));  // the book rounds to 100,000
  CHECK(e.metadata_bytes_per_year == doctest::Approx(730e15));
  CHECK(e.attachment_bytes_per_year == doctest::Approx(1460e15));
}
