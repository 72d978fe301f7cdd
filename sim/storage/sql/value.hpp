// Column values of the SQL table: NULL, int64 (bigint), double (double precision) or text.
// Rows and keys are vectors of values; keys order lexicographically, like a B-tree on the
// key columns. NULL sorts before everything (keys never hold NULL: primary keys are NOT NULL
// and a unique constraint ignores rows with a NULL key column, as PostgreSQL does).
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sdsim::storage::sql {

enum class Type { int64, float64, text };

const char* type_name(Type type);  // PostgreSQL's names: bigint, double precision, text

class Value {
 public:
  Value() = default;  // NULL
  template <std::integral I>
  requires(!std::same_as<I, bool>) Value(I v) : v_(static_cast<std::int64_t>(v)) {}
  Value(double v) : v_(v) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  static Value null() { return Value(); }

  bool is_null() const { return v_.index() == 0; }
  bool is(Type type) const;
  // Typed access; asserts the type (a wrong type is a bug in the caller).
  std::int64_t as_int() const;
  double as_double() const;  // also converts an int64
  const std::string& as_text() const;

  // As psql prints it: 42, 1.5 (%g, 6 digits), text unquoted, NULL.
  std::string to_string() const;
  // Bytes this value takes in a heap tuple: 8 for numbers, 1 + length for short text
  // (PostgreSQL's 1-byte varlena header), 0 for NULL (a bit in the null bitmap).
  std::size_t width() const;

  friend bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }
  friend bool operator<(const Value& a, const Value& b) { return a.v_ < b.v_; }

 private:
  std::variant<std::monostate, std::int64_t, double, std::string> v_;
};

using Row = std::vector<Value>;
using Key = std::vector<Value>;

// "(1, 100)": PostgreSQL's row literal, used in messages ("Failing row contains ...").
std::string to_string(const Row& row);
// "1, 100" without parentheses, for "Key (id)=(1) already exists."
std::string join_values(const Row& values);

}  // namespace sdsim::storage::sql
