#include "sim/storage/sql/schema.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace sdsim::storage::sql {

const Value& RowRef::operator[](std::string_view column) const {
  int c = schema_.column(column);
  if (c < 0) throw std::invalid_argument("no column " + std::string(column));
  return row_[c];
}

Schema::Schema(std::string table, std::vector<Column> columns, std::vector<std::string> primary_key)
    : table_(std::move(table)), columns_(std::move(columns)) {
  if (primary_key.empty()) throw std::invalid_argument(table_ + ": a primary key is required");
  IndexDef pk{table_ + "_pkey", {}};
  for (const auto& name : primary_key) {
    int c = require_column(name);
    columns_[c].not_null = true;
    pk.columns.push_back(c);
  }
  indexes_.push_back(pk);
}

int Schema::require_column(const std::string& name) const {
  int c = column(name);
  if (c < 0) throw std::invalid_argument(table_ + ": no column " + name);
  return c;
}

Schema& Schema::unique(const std::vector<std::string>& columns, std::string name) {
  IndexDef def{std::move(name), {}};
  std::string joined;
  for (const auto& col : columns) {
    def.columns.push_back(require_column(col));
    joined += "_" + col;
  }
  if (def.name.empty()) def.name = table_ + joined + "_key";
  indexes_.push_back(def);
  return *this;
}

Schema& Schema::check(std::string name, Predicate holds) {
  checks_.push_back({std::move(name), std::move(holds)});
  std::stable_sort(checks_.begin(), checks_.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });
  return *this;
}

Schema& Schema::version_column(const std::string& column) {
  version_ = require_column(column);
  if (columns_[version_].type != Type::int64)
    throw std::invalid_argument(table_ + ": version column must be int64");
  return *this;
}

int Schema::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<int>(i);
  return -1;
}

bool Schema::indexed(int column) const {
  for (const auto& index : indexes_)
    if (std::find(index.columns.begin(), index.columns.end(), column) != index.columns.end())
      return true;
  return false;
}

Key Schema::key_of(const Row& row, int index) const {
  Key key;
  for (int c : indexes_[index].columns) key.push_back(row[c]);
  return key;
}

std::string Schema::index_columns(int index) const {
  std::string out;
  for (int c : indexes_[index].columns) {
    if (!out.empty()) out += ", ";
    out += columns_[c].name;
  }
  return out;
}

std::optional<Error> Schema::coerce(Row& row) const {
  if (row.size() != columns_.size()) return wrong_arity(row.size(), columns_.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    Value& v = row[i];
    if (v.is_null() || v.is(columns_[i].type)) continue;
    if (columns_[i].type == Type::float64 && v.is(Type::int64)) {
      v = Value(v.as_double());
      continue;
    }
    const char* got = v.is(Type::int64)     ? "bigint"
                      : v.is(Type::float64) ? "double precision"
                                            : "text";
    return datatype_mismatch(columns_[i].name, type_name(columns_[i].type), got);
  }
  if (version_ >= 0 && row[version_].is_null()) row[version_] = Value(1);
  return std::nullopt;
}

std::optional<Error> Schema::check_constraints(const Row& row) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].not_null && row[i].is_null())
      return not_null_violation(table_, columns_[i].name, to_string(row));
  for (const auto& check : checks_)
    if (!check.holds(RowRef(*this, row)))
      return check_violation(table_, check.name, to_string(row));
  return std::nullopt;
}

}  // namespace sdsim::storage::sql
