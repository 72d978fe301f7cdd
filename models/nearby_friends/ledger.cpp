#include <algorithm>

#include "models/nearby_friends/experiment.hpp"

namespace sdsim::nearby_friends {

void Ledger::sent(const Location& l) {
  if (measured(l.sent_at)) ++updates_sent;
}

void Ledger::processed(const Location& l, double now) {
  truth_[l.user].pos = l.pos;
  if (!measured(l.sent_at)) return;
  ++updates_processed;
  std::uint64_t online = 0;
  for (std::uint32_t f : graph_.friends(l.user)) {
    if (!truth_[f].online) continue;
    ++online;
    const bool near = nearby(l.pos, truth_[f].pos, radius_);
    auto it = pairs_.find(key(f, l.user));
    if (!near) {
      if (it != pairs_.end()) it->second.nearby = false, it->second.shown_sent_at = -1;
      continue;
    }
    ++forwards_expected;
    Pair& p = it != pairs_.end() ? it->second : pairs_[key(f, l.user)];
    if (p.nearby && p.shown_sent_at >= 0) stale_max = std::max(stale_max, now - p.shown_sent_at);
    p.nearby = true;
  }
  pushes_expected += online;
  online_friends_sum += double(online);
}

void Ledger::pushed(std::uint32_t receiver, const Location& l) {
  if (!measured(l.sent_at)) return;
  Pair& p = pairs_[key(receiver, l.user)];
  if (l.seq <= p.pushed_seq) return;  // a copy (a second session of the same user)
  p.pushed_seq = l.seq;
  ++pushes_delivered;
}

void Ledger::shown(std::uint32_t receiver, const Location& l, double now, bool update) {
  Pair& p = pairs_[key(receiver, l.user)];
  p.shown_sent_at = std::max(p.shown_sent_at, l.sent_at);
  if (!update || !measured(l.sent_at) || l.seq <= p.shown_seq) return;
  p.shown_seq = l.seq;
  ++forwards_delivered;
  latency.add(now - l.sent_at);
  if (keep_shown) shown_log.push_back({now, receiver, l.user, l.seq, now - l.sent_at});
}

}  // namespace sdsim::nearby_friends
