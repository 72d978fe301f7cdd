#include "sim/storage/search/query.hpp"

#include <utility>

#include "sim/storage/search/analyzer.hpp"

namespace sdsim::storage::search {

Query Query::term(std::string field, std::string value) {
  Query q;
  q.kind_ = Kind::term;
  q.field_ = std::move(field);
  q.value_ = std::move(value);
  return q;
}

Query Query::all_of(std::vector<Query> clauses) {
  Query q;
  q.kind_ = Kind::all_of;
  q.clauses_ = std::move(clauses);
  return q;
}

Query Query::any_of(std::vector<Query> clauses) {
  Query q;
  q.kind_ = Kind::any_of;
  q.clauses_ = std::move(clauses);
  return q;
}

Query Query::match(std::string field, std::string_view text, bool all_terms) {
  std::vector<Query> terms;
  for (std::string& t : analyze(text)) terms.push_back(term(field, std::move(t)));
  return all_terms ? all_of(std::move(terms)) : any_of(std::move(terms));
}

}  // namespace sdsim::storage::search
