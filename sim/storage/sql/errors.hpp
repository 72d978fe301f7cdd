// SQLSTATE codes and messages in PostgreSQL's words (Appendix A "PostgreSQL Error Codes"; the
// message texts are those the server prints, so a trace reads like psql's output).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sdsim::storage::sql {

namespace sqlstate {
inline constexpr std::string_view not_null_violation = "23502";
inline constexpr std::string_view unique_violation = "23505";
inline constexpr std::string_view check_violation = "23514";
inline constexpr std::string_view read_only_transaction = "25006";
inline constexpr std::string_view in_failed_transaction = "25P02";
inline constexpr std::string_view serialization_failure = "40001";
inline constexpr std::string_view deadlock_detected = "40P01";
inline constexpr std::string_view datatype_mismatch = "42804";
inline constexpr std::string_view syntax_error = "42601";
inline constexpr std::string_view undefined_column = "42703";
inline constexpr std::string_view undefined_object = "42704";
inline constexpr std::string_view duplicate_object = "42710";
inline constexpr std::string_view undefined_table = "42P01";
inline constexpr std::string_view duplicate_table = "42P07";
inline constexpr std::string_view out_of_memory = "53200";
inline constexpr std::string_view object_not_in_prerequisite_state = "55000";
inline constexpr std::string_view lock_not_available = "55P03";
inline constexpr std::string_view query_canceled = "57014";
inline constexpr std::string_view feature_not_supported = "0A000";
}  // namespace sqlstate

struct Error {
  std::string sqlstate;
  std::string message;
  std::string detail;
  std::string hint;
};

// Builders, one per situation the block reports.
Error unique_violation(const std::string& constraint, const std::string& columns,
                       const std::string& values);
Error check_violation(const std::string& table, const std::string& constraint,
                      const std::string& row);
Error not_null_violation(const std::string& table, const std::string& column,
                         const std::string& row);
Error datatype_mismatch(const std::string& column, const char* expected, const char* got);
Error undefined_column(const std::string& table, const std::string& column);
Error wrong_arity(std::size_t given, std::size_t columns);  // 42601
Error undefined_table(const std::string& table);
Error duplicate_table(const std::string& table);
Error concurrent_update();                     // 40001 under REPEATABLE READ / SERIALIZABLE
Error concurrent_delete();                     // 40001, the row was deleted
Error ssi_failure(const std::string& reason);  // 40001, "Reason code: ..." in the detail
Error deadlock(const std::string& detail);     // 40P01
Error row_lock_not_available(const std::string& table);   // 55P03 (NOWAIT)
Error lock_timeout();                                     // 55P03 (lock_timeout expired)
Error statement_canceled();                               // 57014
Error in_failed_transaction();                            // 25P02
Error read_only_transaction(const std::string& command);  // 25006
Error serializable_on_standby();                          // 0A000
Error prepared_transactions_disabled();                   // 55000
Error too_many_prepared_transactions(int max);            // 53200
Error gid_in_use(const std::string& gid);                 // 42710
Error gid_not_found(const std::string& gid);              // 42704

}  // namespace sdsim::storage::sql
