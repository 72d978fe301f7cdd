// Internal to the database's .cpp files: counts one public call's work into its Result and
// into the totals.
#pragma once

#include "sim/storage/sql/database.hpp"

namespace sdsim::storage::sql {

struct Database::Call {
  explicit Call(Database& db) : db_(db) { db_.work_ = &work; }
  ~Call() { db_.work_ = nullptr; }
  Result finish(Result result) {
    result.work = work;
    db_.totals_ += work;
    return result;
  }
  Work work;

 private:
  Database& db_;
};

inline Result error_result(Error error) {
  Result r;
  r.status = Status::error;
  r.error = std::move(error);
  return r;
}

inline Result tagged(std::string tag) {
  Result r;
  r.tag = std::move(tag);
  return r;
}

}  // namespace sdsim::storage::sql
