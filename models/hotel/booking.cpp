#include "models/hotel/booking.hpp"

namespace sdsim::hotel {

namespace sq = storage::sql;

sq::Isolation booking_isolation(Concurrency mode, sq::Isolation configured) {
  return mode == Concurrency::serializable ? sq::Isolation::serializable : configured;
}

bool reads_first(Concurrency mode) { return mode != Concurrency::constraint; }

std::optional<sq::LockClause> read_lock(Concurrency mode) {
  if (mode != Concurrency::pessimistic) return std::nullopt;
  return sq::LockClause{sq::RowLockMode::update, sq::WaitPolicy::wait};
}

NightWrite night_write(Concurrency mode, NoneWrite none_write, const NightRow& read,
                       std::int64_t rooms) {
  if (mode == Concurrency::constraint ||
      (mode == Concurrency::none && none_write == NoneWrite::increment))
    return {{sq::add("total_reserved", rooms)}, std::nullopt};
  if (mode == Concurrency::optimistic)
    return {{sq::set("total_reserved", read.reserved + rooms)}, read.version};
  return {{sq::set("total_reserved", read.reserved + rooms)}, std::nullopt};
}

Verdict classify(const std::string& sqlstate) {
  if (sqlstate == "23505") return Verdict::resubmitted;
  if (sqlstate == "23514") return Verdict::sold_out;
  if (sqlstate == "40001" || sqlstate == "40P01") return Verdict::retry;
  return Verdict::failed;
}

}  // namespace sdsim::hotel
