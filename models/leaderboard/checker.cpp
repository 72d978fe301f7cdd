#include "models/leaderboard/checker.hpp"

namespace sdsim::leaderboard {

void Standings::set(const std::string& member, std::optional<double> score) {
  auto it = scores_.find(member);
  if (it != scores_.end()) {
    auto b = buckets_.find(it->second);
    b->second.erase(member);
    if (b->second.empty()) buckets_.erase(b);
    scores_.erase(it);
  }
  if (!score) return;
  scores_.emplace(member, *score);
  buckets_[*score].insert(member);
}

std::optional<double> Standings::score(const std::string& member) const {
  auto it = scores_.find(member);
  if (it == scores_.end()) return std::nullopt;
  return it->second;
}

std::int64_t Standings::above(double score, const std::string& member) const {
  std::int64_t n = 0;
  for (const auto& [s, members] : buckets_) {
    if (s > score) {
      n += static_cast<std::int64_t>(members.size());
      continue;
    }
    if (s == score)
      for (const std::string& m : members) n += m > member;
    break;
  }
  return n;
}

std::int64_t Standings::count_from(double score, bool inclusive) const {
  std::int64_t n = 0;
  for (const auto& [s, members] : buckets_) {
    if (s < score || (s == score && !inclusive)) break;
    n += static_cast<std::int64_t>(members.size());
  }
  return n;
}

std::optional<std::int64_t> Standings::rank(const std::string& member) const {
  auto s = score(member);
  if (!s) return std::nullopt;
  return above(*s, member);
}

std::vector<ScoredMember> Standings::range(std::int64_t start, std::int64_t stop) const {
  std::vector<ScoredMember> out;
  std::int64_t i = 0;
  for (const auto& [s, members] : buckets_) {
    const auto n = static_cast<std::int64_t>(members.size());
    if (i + n <= start) {
      i += n;
      continue;
    }
    for (auto m = members.rbegin(); m != members.rend(); ++m, ++i) {
      if (i > stop) return out;
      if (i >= start) out.push_back({*m, s});
    }
  }
  return out;
}

void Oracle::apply(double time, const BoardId& board, const std::string& member,
                   std::optional<double> score) {
  Standings& s = boards_[board];
  history_.push_back({time, board, member, s.score(member), score});
  s.set(member, score);
}

bool Oracle::holds(const BoardId& board, double since,
                   const std::function<bool(const Standings&)>& matches) {
  Standings& s = boards_[board];
  bool ok = matches(s);
  std::vector<const Change*> undone;
  for (auto it = history_.rbegin(); !ok && it != history_.rend() && it->time > since; ++it) {
    if (it->board != board) continue;
    s.set(it->member, it->before);
    undone.push_back(&*it);
    ok = matches(s);
  }
  for (auto it = undone.rbegin(); it != undone.rend(); ++it) s.set((*it)->member, (*it)->after);
  return ok;
}

std::vector<std::string> Oracle::forget_last(std::uint64_t count) {
  std::vector<std::string> touched;
  for (auto it = history_.rbegin(); count > 0 && it != history_.rend(); ++it) {
    Standings& s = boards_[it->board];
    s.set(it->member, it->before);
    touched.push_back(it->member);
    it->after = it->before;  // the write never happened as far as the board knows
    --count;
  }
  return touched;
}

void Oracle::trim(double before) {
  while (!history_.empty() && history_.front().time < before) history_.pop_front();
}

}  // namespace sdsim::leaderboard
