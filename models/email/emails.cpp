#include "models/email/emails.hpp"

#include <algorithm>

#include "sim/workload/workload.hpp"

namespace sdsim::email {

const char* route_name(Route r) {
  switch (r) {
    case Route::local: return "local";
    case Route::remote: return "remote";
    case Route::inbound: return "inbound";
  }
  return "?";
}

namespace {
// A small vocabulary, Zipf-like by construction (the first words drawn most).
constexpr const char* kWords[] = {"meeting", "invoice", "report", "lunch", "project", "review",
                                  "deadline", "budget", "travel", "update", "contract", "design",
                                  "release", "holiday", "schedule", "offer"};
}  // namespace

EmailSet make_emails(const Config& cfg, const WorkloadSpec& load, RandomStream& rng) {
  EmailSet s;
  ArrivalProcess arrivals(load, 1.0, 0, 1);
  const TrafficConfig& t = cfg.traffic;
  const auto users = std::uint64_t(t.users);
  constexpr std::uint64_t vocabulary = sizeof(kWords) / sizeof(kWords[0]);
  for (double at = arrivals.next_arrival(0.0, rng); at < load.duration;
       at = arrivals.next_arrival(at, rng)) {
    Email e;
    e.id = s.emails.size();
    e.time = at;
    if (rng.bernoulli(t.inbound_fraction)) {
      e.route = Route::inbound;
      e.recipient = int(rng.below(users));
      e.spam = rng.bernoulli(cfg.incoming.spam_rate);
    } else {
      e.sender = int(rng.below(users));
      if (rng.bernoulli(t.remote_fraction)) {
        e.route = Route::remote;
        e.domain = int(rng.below(std::uint64_t(cfg.smtp.remote_domains)));
        e.recipient_unknown = rng.bernoulli(t.unknown_recipient);
      } else {
        e.route = Route::local;
        e.recipient = int(rng.below(users));
      }
    }
    if (rng.bernoulli(t.attachment_fraction))
      e.attachment = std::min(t.attachment_max, rng.uniform(0.5, 1.5) * t.attachment_bytes);
    for (int w = 0; w < t.words; ++w) {
      // The product of two uniform draws: the first words are drawn most.
      const double u = rng.uniform01() * rng.uniform01();
      if (!e.text.empty()) e.text += ' ';
      e.text += kWords[std::min(vocabulary - 1, std::uint64_t(u * double(vocabulary)))];
    }
    s.emails.push_back(std::move(e));
  }
  return s;
}

}  // namespace sdsim::email
