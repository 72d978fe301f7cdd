#include "sim/storage/sql/errors.hpp"

namespace sdsim::storage::sql {

namespace {
Error make(std::string_view code, std::string message, std::string detail = "",
           std::string hint = "") {
  return Error{std::string(code), std::move(message), std::move(detail), std::move(hint)};
}
const char* kRetryHint = "The transaction might succeed if retried.";
}  // namespace

Error unique_violation(const std::string& constraint, const std::string& columns,
                       const std::string& values) {
  return make(sqlstate::unique_violation,
              "duplicate key value violates unique constraint \"" + constraint + "\"",
              "Key (" + columns + ")=(" + values + ") already exists.");
}

Error check_violation(const std::string& table, const std::string& constraint,
                      const std::string& row) {
  return make(
      sqlstate::check_violation,
      "new row for relation \"" + table + "\" violates check constraint \"" + constraint + "\"",
      "Failing row contains " + row + ".");
}

Error not_null_violation(const std::string& table, const std::string& column,
                         const std::string& row) {
  return make(sqlstate::not_null_violation,
              "null value in column \"" + column + "\" of relation \"" + table +
                  "\" violates not-null constraint",
              "Failing row contains " + row + ".");
}

Error datatype_mismatch(const std::string& column, const char* expected, const char* got) {
  return make(sqlstate::datatype_mismatch, "column \"" + column + "\" is of type " + expected +
                                               " but expression is of type " + got);
}

Error undefined_column(const std::string& table, const std::string& column) {
  return make(sqlstate::undefined_column,
              "column \"" + column + "\" of relation \"" + table + "\" does not exist");
}

Error wrong_arity(std::size_t given, std::size_t columns) {
  return make(sqlstate::syntax_error, given > columns
                                          ? "INSERT has more expressions than target columns"
                                          : "INSERT has fewer expressions than target columns");
}

Error undefined_table(const std::string& table) {
  return make(sqlstate::undefined_table, "relation \"" + table + "\" does not exist");
}

Error duplicate_table(const std::string& table) {
  return make(sqlstate::duplicate_table, "relation \"" + table + "\" already exists");
}

Error concurrent_update() {
  return make(sqlstate::serialization_failure,
              "could not serialize access due to concurrent update");
}

Error concurrent_delete() {
  return make(sqlstate::serialization_failure,
              "could not serialize access due to concurrent delete");
}

Error ssi_failure(const std::string& reason) {
  return make(sqlstate::serialization_failure,
              "could not serialize access due to read/write dependencies among transactions",
              "Reason code: " + reason, kRetryHint);
}

Error deadlock(const std::string& detail) {
  return make(sqlstate::deadlock_detected, "deadlock detected", detail,
              "See server log for query details.");
}

Error row_lock_not_available(const std::string& table) {
  return make(sqlstate::lock_not_available,
              "could not obtain lock on row in relation \"" + table + "\"");
}

Error lock_timeout() {
  return make(sqlstate::lock_not_available, "canceling statement due to lock timeout");
}

Error statement_canceled() {
  return make(sqlstate::query_canceled, "canceling statement due to user request");
}

Error in_failed_transaction() {
  return make(sqlstate::in_failed_transaction,
              "current transaction is aborted, commands ignored until end of transaction block");
}

Error read_only_transaction(const std::string& command) {
  return make(sqlstate::read_only_transaction,
              "cannot execute " + command + " in a read-only transaction");
}

Error serializable_on_standby() {
  return make(sqlstate::feature_not_supported, "cannot use serializable mode in a hot standby",
              "\"default_transaction_isolation\" is set to \"serializable\".",
              "You can use REPEATABLE READ instead.");
}

Error prepared_transactions_disabled() {
  return make(sqlstate::object_not_in_prerequisite_state, "prepared transactions are disabled", "",
              "Set max_prepared_transactions to a nonzero value.");
}

Error too_many_prepared_transactions(int max) {
  return make(sqlstate::out_of_memory, "maximum number of prepared transactions reached", "",
              "Increase max_prepared_transactions (currently " + std::to_string(max) + ").");
}

Error gid_in_use(const std::string& gid) {
  return make(sqlstate::duplicate_object,
              "transaction identifier \"" + gid + "\" is already in use");
}

Error gid_not_found(const std::string& gid) {
  return make(sqlstate::undefined_object,
              "prepared transaction with identifier \"" + gid + "\" does not exist");
}

}  // namespace sdsim::storage::sql
