// The idempotency layer of an API that moves money (the PSP's, as Stripe documents it:
// docs.stripe.com/api/idempotent_requests): the first result for a key, success or failure,
// is stored and returned for every repeat; a repeat with different parameters is an error;
// a request while the first with its key is still executing is a conflict (nothing stored,
// retry later); a result that never began executing (the card network unreachable) is not
// stored; keys expire `retention` after their first use (24 h by default).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace sdsim::payment {

// What a request with a key finds.
enum class KeyCheck { fresh, in_progress, mismatch, stored };

template <class Params, class Result>
class IdempotencyStore {
 public:
  explicit IdempotencyStore(double retention) : retention_(retention) {}

  // Registers the key as executing when it is fresh (or expired); `stored` sets *result.
  KeyCheck begin(std::uint64_t key, const Params& params, double now, Result* result = nullptr) {
    auto it = entries_.find(key);
    if (it != entries_.end() && now - it->second.first_use >= retention_) {
      entries_.erase(it);
      ++expired_;
      it = entries_.end();
    }
    if (it == entries_.end()) {
      entries_.emplace(key, Entry{params, std::nullopt, now});
      return KeyCheck::fresh;
    }
    if (!(it->second.params == params)) return KeyCheck::mismatch;
    if (!it->second.result) return KeyCheck::in_progress;
    if (result) *result = *it->second.result;
    return KeyCheck::stored;
  }
  // The executing request's result, kept for every repeat.
  void finish(std::uint64_t key, const Result& result) { entries_.at(key).result = result; }
  // The request did not begin executing: nothing is kept, a repeat executes afresh.
  void abandon(std::uint64_t key) { entries_.erase(key); }
  // The stored result of a key (a status query), if any and not expired.
  std::optional<Result> lookup(std::uint64_t key, double now) const {
    auto it = entries_.find(key);
    if (it == entries_.end() || now - it->second.first_use >= retention_) return std::nullopt;
    return it->second.result;
  }
  std::size_t size() const { return entries_.size(); }
  std::uint64_t expired() const { return expired_; }

 private:
  struct Entry {
    Params params;
    std::optional<Result> result;
    double first_use;
  };
  double retention_;
  std::map<std::uint64_t, Entry> entries_;
  std::uint64_t expired_ = 0;
};

}  // namespace sdsim::payment
