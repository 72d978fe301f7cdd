#include "sim/services/kv/hint_store.hpp"

namespace sdsim::kv_service {

bool HintStore::add(int target, Hint hint, double now_s, double down_since_s) {
  if (now_s - down_since_s > window_) {
    ++stats_.refused_window;
    return false;
  }
  hints_[target].push_back(std::move(hint));
  ++stats_.stored;
  return true;
}

std::vector<Hint> HintStore::peek(int target, double max_bytes) const {
  std::vector<Hint> out;
  auto it = hints_.find(target);
  if (it == hints_.end()) return out;
  double bytes = 0;
  for (const Hint& h : it->second) {
    if (!out.empty() && bytes + h.bytes() > max_bytes) break;
    bytes += h.bytes();
    out.push_back(h);
  }
  return out;
}

void HintStore::delivered(int target, std::size_t count) {
  auto it = hints_.find(target);
  if (it == hints_.end()) return;
  for (std::size_t i = 0; i < count && !it->second.empty(); ++i) {
    it->second.pop_front();
    ++stats_.replayed;
  }
  if (it->second.empty()) hints_.erase(it);
}

std::size_t HintStore::pending(int target) const {
  auto it = hints_.find(target);
  return it == hints_.end() ? 0 : it->second.size();
}

std::size_t HintStore::pending() const {
  std::size_t n = 0;
  for (const auto& [t, q] : hints_) n += q.size();
  return n;
}

std::vector<int> HintStore::targets() const {
  std::vector<int> out;
  for (const auto& [t, q] : hints_)
    if (!q.empty()) out.push_back(t);
  return out;
}

}  // namespace sdsim::kv_service
