// Queries: a term query on one field (exact term, not analyzed, as Elasticsearch's `term`
// query), and boolean combinations: all_of (bool `must`: every clause matches, scores add)
// and any_of (bool `should` with no `must`: at least one matches, scores of the matching
// clauses add). match() analyzes text into term queries as Elasticsearch's `match` does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sdsim::storage::search {

class Query {
 public:
  enum class Kind { term, all_of, any_of };

  static Query term(std::string field, std::string value);
  static Query all_of(std::vector<Query> clauses);
  static Query any_of(std::vector<Query> clauses);
  // The analyzed terms of `text` on `field`, combined with OR (the default operator) or AND.
  static Query match(std::string field, std::string_view text, bool all_terms = false);

  Kind kind() const { return kind_; }
  const std::string& field() const { return field_; }
  const std::string& value() const { return value_; }
  const std::vector<Query>& clauses() const { return clauses_; }

 private:
  Kind kind_ = Kind::term;
  std::string field_, value_;
  std::vector<Query> clauses_;
};

}  // namespace sdsim::storage::search
