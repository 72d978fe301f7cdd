// A table's schema: typed columns, a primary key, unique constraints, CHECK constraints and an
// optional version column for optimistic locking. Constraint names follow PostgreSQL's
// defaults (<table>_pkey, <table>_<columns>_key), because its error messages name them.
//
// Constraint order is PostgreSQL's (CREATE TABLE page): NOT NULL first, in column order, then
// CHECK constraints "in alphabetical order by name". A CHECK predicate returns whether the row
// satisfies it; PostgreSQL lets a row pass when the expression is NULL, so a predicate over a
// nullable column should return true for NULL.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/sql/errors.hpp"
#include "sim/storage/sql/value.hpp"

namespace sdsim::storage::sql {

struct Column {
  std::string name;
  Type type;
  bool not_null = false;
};

class Schema;

// A row seen through its schema, so predicates and assignments name columns.
class RowRef {
 public:
  RowRef(const Schema& schema, const Row& row) : schema_(schema), row_(row) {}
  const Value& operator[](std::string_view column) const;
  std::int64_t i64(std::string_view column) const { return (*this)[column].as_int(); }
  double f64(std::string_view column) const { return (*this)[column].as_double(); }
  const std::string& text(std::string_view column) const { return (*this)[column].as_text(); }
  bool is_null(std::string_view column) const { return (*this)[column].is_null(); }
  const Row& row() const { return row_; }

 private:
  const Schema& schema_;
  const Row& row_;
};

using Predicate = std::function<bool(const RowRef&)>;

struct CheckConstraint {
  std::string name;
  Predicate holds;
};

// A B-tree index enforcing a key: the primary key (always index 0) or a unique constraint.
struct IndexDef {
  std::string name;
  std::vector<int> columns;
};

class Schema {
 public:
  // Primary-key columns become NOT NULL, as in PostgreSQL.
  Schema(std::string table, std::vector<Column> columns, std::vector<std::string> primary_key);
  Schema& unique(const std::vector<std::string>& columns, std::string name = {});
  Schema& check(std::string name, Predicate holds);
  // An int64 column that every update through this block increments (NULL on insert becomes 1).
  Schema& version_column(const std::string& column);

  const std::string& table() const { return table_; }
  const std::vector<Column>& columns() const { return columns_; }
  int column(std::string_view name) const;  // -1 when there is no such column
  const std::vector<IndexDef>& indexes() const { return indexes_; }
  int version_column() const { return version_; }  // -1 when none
  // Whether a column belongs to some index: an update touching none is a HOT update.
  bool indexed(int column) const;

  Key key_of(const Row& row, int index) const;
  std::string index_columns(int index) const;  // "id" or "a, b" for messages

  // Arity and types; promotes int64 to double where the column is double.
  std::optional<Error> coerce(Row& row) const;
  // NOT NULL (column order), then CHECK constraints by name.
  std::optional<Error> check_constraints(const Row& row) const;

 private:
  int require_column(const std::string& name) const;

  std::string table_;
  std::vector<Column> columns_;
  std::vector<IndexDef> indexes_;
  std::vector<CheckConstraint> checks_;  // sorted by name
  int version_ = -1;
};

}  // namespace sdsim::storage::sql
