// What an SMTP client does with a message after each delivery attempt, as RFC 5321 says:
// reply codes 2yz are positive completion, 4yz transient negative (try again later), 5yz
// permanent negative (do not repeat the same transaction) (section 4.2.1); a message that
// cannot be delivered at once is queued and retried, "the retry interval SHOULD be at least 30
// minutes", and "the give-up time generally needs to be at least 4-5 days" (section 4.5.4.1).
// Connection failures count as transient (section 4.5.4.1: the sender "MUST delay retrying").
// A message given up or refused permanently is returned to its sender as a delivery status
// notification (RFC 3464), status 4.4.7 "delivery time expired" or the reply's own 5.x.x
// (RFC 3463 sections 3.5 and 3.1).
//
// Schedule here: the first retry `min_interval` after the first failed attempt, each next
// interval `backoff` times the previous (1: constant, Postfix-like >1 doubling) capped at
// `max_interval`; when the next retry would come at or after `queued_at + give_up`, the message
// bounces at exactly that give-up time, with no attempt then.
#pragma once

#include <string>

namespace sdsim::email {

enum class ReplyClass { positive, transient, permanent };

// The class of an SMTP reply code (200-599); throws std::invalid_argument for others (1yz and
// 3yz are intermediate replies, never the end of a transaction for a message).
ReplyClass classify_reply(int code);

struct RetryPolicy {
  double min_interval = 1800;  // s
  double max_interval = 1800;  // s
  double backoff = 1.0;        // next interval / previous
  double give_up = 5 * 86400;  // s after the message was queued
};

enum class Outcome { queued, delivered, bounced };
const char* outcome_name(Outcome o);

// One message's delivery to one remote domain.
struct Delivery {
  double queued_at = 0;      // s: accepted into the outgoing queue
  int attempts = 0;
  double last_attempt = -1;  // s
  double interval = 0;       // s: the last retry interval used (0 before the first retry)
  Outcome outcome = Outcome::queued;
  double next = 0;           // s: when to act again (while queued): retry or bounce
  bool bounce_due = false;   // the action at `next` is the bounce (the give-up time)
  double finished = -1;      // s: delivered or bounced
  std::string dsn_status;    // RFC 3463 status of the bounce
};

// Records an attempt made at `now` with reply `code` and decides what follows: delivered,
// bounced now (5yz), or queued with `next` set to the retry or give-up time.
void after_attempt(Delivery& d, const RetryPolicy& p, double now, int code);
// At `next` with bounce_due: the give-up; the message bounces with 4.4.7.
void give_up(Delivery& d, double now);

}  // namespace sdsim::email
