#include <algorithm>
#include <tuple>

#include "models/nearby_friends/experiment.hpp"

namespace sdsim::nearby_friends {

void Ledger::sent(const Location& l) {
  if (measured(l.sent_at)) ++updates_sent;
}

void Ledger::left(std::uint32_t user) {
  for (std::uint32_t f : graph_.friends(user))
    for (std::uint64_t k : {key(f, user), key(user, f)})
      if (auto it = pairs_.find(k); it != pairs_.end())
        it->second.nearby = false, it->second.shown_sent_at = -1;
}

void Ledger::processed(const Location& l, double now) {
  truth_[l.user].pos = l.pos;
  if (!measured(l.sent_at)) return;
  ++updates_processed;
  std::uint64_t online = 0;
  for (std::uint32_t f : graph_.friends(l.user)) {
    if (!truth_[f].online) {
      if (auto o = owed_.find(key(f, l.user)); o != owed_.end()) owed_.erase(o);  // left
      continue;
    }
    ++online;
    owe(f, l);
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

void Ledger::pushed(std::uint32_t receiver, const Location& l, double now) {
  if (!measured(l.sent_at)) return;
  Pair& p = pairs_[key(receiver, l.user)];
  if (l.seq <= p.pushed_seq) return;  // a copy (a second session of the same user)
  p.pushed_seq = l.seq;
  ++pushes_delivered;
  auto o = owed_.find(key(receiver, l.user));
  if (window_closed || o == owed_.end() || o->second.unseen_since < 0) return;
  gaps.push_back({receiver, l.user, o->second.unseen_since, now});
  o->second.unseen_since = -1;
}

// The previous update owed to `receiver` never arrived: a gap opens at its sent_at.
void Ledger::owe(std::uint32_t receiver, const Location& l) {
  Owed& o = owed_[key(receiver, l.user)];
  const auto p = pairs_.find(key(receiver, l.user));
  const std::uint64_t pushed = p == pairs_.end() ? 0 : p->second.pushed_seq;
  if (o.seq > 0 && o.unseen_since < 0 && pushed < o.seq) o.unseen_since = o.sent_at;
  o.seq = l.seq;
  o.sent_at = l.sent_at;
}

void Ledger::close_window() {
  window_closed = true;
  for (auto& [k, o] : owed_) {
    const auto receiver = std::uint32_t(k >> 32), sender = std::uint32_t(k & 0xffffffffu);
    if (o.unseen_since < 0 || !truth_[receiver].online || !truth_[sender].online) continue;
    gaps.push_back({receiver, sender, o.unseen_since, -1});
    o.unseen_since = -1;
  }
  // owed_ is a hash map: the gaps in a stable order.
  std::sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
    return std::tie(a.from, a.receiver, a.sender) < std::tie(b.from, b.receiver, b.sender);
  });
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
