// The search index against a naive scan of every visible document, over random indexing,
// updates, deletes, refreshes, flushes, crashes and recoveries, with both translog
// durabilities. The naive side re-analyzes each document and scores with BM25 written out
// from Lucene's formula; what is visible follows Elasticsearch's rules (operations show at
// refresh; after a crash, what the translog had synced or a commit held is replayed).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/search/analyzer.hpp"
#include "sim/storage/search/search_index.hpp"

using namespace sdsim::storage::search;

namespace {

struct Op {
  bool is_delete;
  Document doc;
};

using Visible = std::map<std::string, Document>;

void apply_op(Visible& v, const Op& op) {
  if (op.is_delete)
    v.erase(op.doc.id);
  else
    v[op.doc.id] = op.doc;
}

// Term frequencies and lengths of one document's field.
struct FieldTerms {
  std::map<std::string, int> tf;
  int length = 0;
};

FieldTerms terms_of(const Document& d, const std::string& field) {
  FieldTerms ft;
  for (const Field& f : d.fields)
    if (f.name == field)
      for (const std::string& t : analyze(f.text)) {
        ++ft.tf[t];
        ++ft.length;
      }
  return ft;
}

std::map<std::string, double> naive(const Visible& docs, const Query& q) {
  std::map<std::string, double> out;
  if (q.kind() == Query::Kind::term) {
    double n_docs = 0, total = 0, n_term = 0;
    for (const auto& [id, d] : docs) {
      const FieldTerms ft = terms_of(d, q.field());
      if (ft.length > 0) n_docs += 1, total += ft.length;
      if (ft.tf.count(q.value())) n_term += 1;
    }
    if (n_term == 0) return out;
    const double avgdl = total / n_docs;
    const double idf = std::log(1 + (n_docs - n_term + 0.5) / (n_term + 0.5));
    for (const auto& [id, d] : docs) {
      const FieldTerms ft = terms_of(d, q.field());
      auto it = ft.tf.find(q.value());
      if (it == ft.tf.end()) continue;
      const double f = it->second, dl = ft.length;
      out[id] = idf * (f / (f + 1.2 * (1 - 0.75 + 0.75 * dl / avgdl)));
    }
    return out;
  }
  if (q.clauses().empty()) return out;
  if (q.kind() == Query::Kind::all_of) {
    out = naive(docs, q.clauses()[0]);
    for (std::size_t i = 1; i < q.clauses().size(); ++i) {
      const auto next = naive(docs, q.clauses()[i]);
      std::map<std::string, double> kept;
      for (const auto& [id, s] : out)
        if (next.count(id)) kept[id] = s + next.at(id);
      out = kept;
    }
    return out;
  }
  for (const Query& c : q.clauses())
    for (const auto& [id, s] : naive(docs, c)) out[id] += s;
  return out;
}

const std::vector<std::string> kWords = {"alpha", "beta", "gamma", "delta", "omega", "red",
                                         "green", "blue", "fast",  "slow",  "north", "south"};

Query random_query(sdsim::RandomStream& rng, int depth) {
  auto term = [&] {
    return Query::term(rng.below(2) ? "body" : "title", kWords[rng.below(kWords.size())]);
  };
  if (depth == 0 || rng.uniform01() < 0.4) return term();
  std::vector<Query> clauses;
  const int n = 2 + static_cast<int>(rng.below(2));
  for (int i = 0; i < n; ++i) clauses.push_back(random_query(rng, depth - 1));
  return rng.below(2) ? Query::all_of(std::move(clauses)) : Query::any_of(std::move(clauses));
}

Document random_doc(sdsim::RandomStream& rng) {
  auto text = [&](int max_words) {
    std::string s;
    const int n = static_cast<int>(rng.below(static_cast<std::uint64_t>(max_words) + 1));
    for (int i = 0; i < n; ++i) s += (rng.below(3) ? " " : ", ") + kWords[rng.below(kWords.size())];
    return rng.below(5) ? s : " RED " + s;  // some upper case for the analyzer
  };
  Document d{"doc" + std::to_string(rng.below(40)), {{"title", text(3)}, {"body", text(10)}}};
  if (rng.below(6) == 0) d.fields.push_back({"body", text(4)});  // a repeated field
  return d;
}

void check_queries(SearchIndex& index, const Visible& visible, sdsim::RandomStream& rng) {
  REQUIRE(index.visible_docs() == visible.size());
  for (int k = 0; k < 5; ++k) {
    const Query q = random_query(rng, 2);
    const std::map<std::string, double> scores = naive(visible, q);
    std::vector<std::pair<std::string, double>> expected(scores.begin(), scores.end());
    std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    const SearchResult got = index.search(q, 1000);
    REQUIRE(got.total_hits == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      REQUIRE(got.hits[i].id == expected[i].first);
      REQUIRE(got.hits[i].score == doctest::Approx(expected[i].second).epsilon(1e-12));
    }
  }
}

void run(TranslogDurability durability, std::uint64_t seed) {
  SearchOptions o;
  o.translog_durability = durability;
  SearchIndex index(o);
  sdsim::RandomStream rng(seed, "search-property");
  std::vector<Op> log;      // every acknowledged operation, in order
  std::size_t durable = 0;  // log[0, durable) survives a crash
  std::size_t applied = 0;  // log[0, applied) is visible
  Visible visible;
  double now = 0;
  int crashes = 0;
  for (int step = 0; step < 1500; ++step) {
    now += 0.3;
    const double u = rng.uniform01();
    if (u < 0.55) {
      Document d = random_doc(rng);
      index.index(d, now);
      log.push_back({false, std::move(d)});
    } else if (u < 0.65) {
      const std::string id = "doc" + std::to_string(rng.below(40));
      index.remove(id, now);
      log.push_back({true, Document{id, {}}});
    } else if (u < 0.85) {
      const std::size_t before_refreshes = index.stats().refreshes;
      RefreshResult r = index.tick(now);
      if (r.disk.syncs > 0) durable = log.size();
      if (index.stats().refreshes != before_refreshes || applied == log.size())
        for (; applied < log.size(); ++applied) apply_op(visible, log[applied]);
    } else if (u < 0.9) {
      index.flush(now);
      durable = log.size();
      for (; applied < log.size(); ++applied) apply_op(visible, log[applied]);
    } else if (u < 0.93) {
      index.crash();
      index.recover(now);
      ++crashes;
      log.resize(durable);
      visible.clear();
      for (const Op& op : log) apply_op(visible, op);
      applied = log.size();
    } else {
      check_queries(index, visible, rng);
    }
    if (durability == TranslogDurability::request) durable = log.size();
  }
  CHECK(crashes > 10);
  if (durability == TranslogDurability::async) CHECK(index.stats().ops_lost_in_crash > 0);
  if (durability == TranslogDurability::request) CHECK(index.stats().ops_lost_in_crash == 0);
  index.refresh(now);
  for (; applied < log.size(); ++applied) apply_op(visible, log[applied]);
  check_queries(index, visible, rng);
}

}  // namespace

TEST_CASE("storage/search: property: searches equal a naive scan, translog durability request") {
  for (std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    run(TranslogDurability::request, seed);
  }
}

TEST_CASE("storage/search: property: searches equal a naive scan, translog durability async") {
  for (std::uint64_t seed : {4, 5, 6}) {
    INFO("seed " << seed);
    run(TranslogDurability::async, seed);
  }
}
