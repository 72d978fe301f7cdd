#include "sim/storage/sql/value.hpp"

#include <cassert>
#include <cstdio>

namespace sdsim::storage::sql {

const char* type_name(Type type) {
  switch (type) {
    case Type::int64:
      return "bigint";
    case Type::float64:
      return "double precision";
    case Type::text:
      return "text";
  }
  return "?";
}

bool Value::is(Type type) const {
  switch (type) {
    case Type::int64:
      return v_.index() == 1;
    case Type::float64:
      return v_.index() == 2;
    case Type::text:
      return v_.index() == 3;
  }
  return false;
}

std::int64_t Value::as_int() const {
  assert(v_.index() == 1 && "value is not a bigint");
  return std::get<std::int64_t>(v_);
}

double Value::as_double() const {
  if (v_.index() == 1) return static_cast<double>(std::get<std::int64_t>(v_));
  assert(v_.index() == 2 && "value is not a number");
  return std::get<double>(v_);
}

const std::string& Value::as_text() const {
  assert(v_.index() == 3 && "value is not text");
  return std::get<std::string>(v_);
}

std::string Value::to_string() const {
  switch (v_.index()) {
    case 0:
      return "NULL";
    case 1:
      return std::to_string(std::get<std::int64_t>(v_));
    case 2: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6g", std::get<double>(v_));
      return buf;
    }
    default:
      return std::get<std::string>(v_);
  }
}

std::size_t Value::width() const {
  switch (v_.index()) {
    case 0:
      return 0;
    case 1:
    case 2:
      return 8;
    default:
      return 1 + std::get<std::string>(v_).size();
  }
}

std::string join_values(const Row& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += values[i].to_string();
  }
  return out;
}

std::string to_string(const Row& row) { return "(" + join_values(row) + ")"; }

}  // namespace sdsim::storage::sql
