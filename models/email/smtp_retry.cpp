#include "models/email/smtp_retry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace sdsim::email {

ReplyClass classify_reply(int code) {
  if (code >= 200 && code < 300) return ReplyClass::positive;
  if (code >= 400 && code < 500) return ReplyClass::transient;
  if (code >= 500 && code < 600) return ReplyClass::permanent;
  throw std::invalid_argument(fmt::format("SMTP reply code {} ends no mail transaction", code));
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::queued: return "queued";
    case Outcome::delivered: return "delivered";
    case Outcome::bounced: return "bounced";
  }
  return "?";
}

void after_attempt(Delivery& d, const RetryPolicy& p, double now, int code) {
  ++d.attempts;
  d.last_attempt = now;
  switch (classify_reply(code)) {
    case ReplyClass::positive:
      d.outcome = Outcome::delivered;
      d.finished = now;
      return;
    case ReplyClass::permanent:
      d.outcome = Outcome::bounced;
      d.finished = now;
      d.dsn_status = fmt::format("5.{}.{}", (code / 10) % 10, code % 10);
      return;
    case ReplyClass::transient: break;
  }
  d.interval = d.interval == 0 ? p.min_interval
                               : std::min(p.max_interval, std::max(p.min_interval, d.interval * p.backoff));
  const double deadline = d.queued_at + p.give_up;
  d.next = now + d.interval;
  d.bounce_due = d.next >= deadline;
  if (d.bounce_due) d.next = deadline;
}

void give_up(Delivery& d, double now) {
  d.outcome = Outcome::bounced;
  d.finished = now;
  d.dsn_status = "4.4.7";
}

}  // namespace sdsim::email
