// The search index against Elasticsearch's documented behaviour: documents become searchable
// at the next refresh (index.refresh_interval, 1 s); the translog (durability `request`,
// fsync per request; `async`, every sync_interval 5 s) lets recovery restore acknowledged
// operations; BM25 (Lucene's formula, Elasticsearch's default similarity) ranks the hits.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "sim/storage/search/search_index.hpp"

using namespace sdsim::storage::search;

namespace {

Document doc(std::string id, std::string body) {
  return Document{std::move(id), {{"body", std::move(body)}}};
}

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

}  // namespace

TEST_CASE("storage/search: an indexed document is searchable only after the next refresh") {
  SearchIndex index;
  index.index(doc("1", "hello world"), 0.2);
  CHECK(index.search(Query::term("body", "hello")).total_hits == 0);
  index.tick(0.9);  // refresh_interval 1 s has not passed
  CHECK(index.search(Query::term("body", "hello")).total_hits == 0);
  RefreshResult r = index.tick(1.0);
  CHECK(r.docs_made_visible == 1);
  CHECK(r.segments_written == 1);
  CHECK(index.search(Query::term("body", "hello")).total_hits == 1);
  index.index(doc("2", "hello again"), 1.5);
  index.refresh(1.6);  // an explicit refresh does not wait for the interval
  CHECK(index.search(Query::term("body", "hello")).total_hits == 2);
}

TEST_CASE("storage/search: BM25 scores match Lucene's formula computed by hand") {
  SearchIndex index;
  index.index(doc("d1", "the quick brown fox"), 0);
  index.index(doc("d2", "the lazy dog"), 0);
  index.index(doc("d3", "quick quick dog"), 0);
  index.refresh(1);
  // N = 3, avgdl = 10/3, n(quick) = 2: idf = ln(1 + 1.5 / 2.5) = ln 1.6.
  // d1: f = 1, dl = 4: tf = 1 / (1 + 1.2 (0.25 + 0.75 * 4 / (10/3))) = 1 / 2.38.
  // d3: f = 2, dl = 3: tf = 2 / (2 + 1.2 (0.25 + 0.75 * 0.9)) = 2 / 3.11.
  SearchResult r = index.search(Query::term("body", "quick"));
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].id == "d3");
  CHECK(r.hits[0].score == doctest::Approx(std::log(1.6) * 2 / 3.11).epsilon(1e-12));
  CHECK(r.hits[1].id == "d1");
  CHECK(r.hits[1].score == doctest::Approx(std::log(1.6) / 2.38).epsilon(1e-12));
  // Boolean AND adds the clause scores; OR takes any match.
  SearchResult both =
      index.search(Query::all_of({Query::term("body", "quick"), Query::term("body", "dog")}));
  REQUIRE(ids(both) == std::vector<std::string>{"d3"});
  SearchResult either = index.search(Query::match("body", "Fox DOG"));
  CHECK(either.total_hits == 3);
  CHECK(index.search(Query::term("body", "Quick")).total_hits == 0);  // term queries are exact
  CHECK(index.search(Query::term("title", "quick")).total_hits == 0);
}

TEST_CASE("storage/search: equal scores are ordered by document id") {
  SearchIndex index;
  for (const char* id : {"c", "a", "b"}) index.index(doc(id, "same text"), 0);
  index.refresh(1);
  CHECK(ids(index.search(Query::term("body", "same"))) == std::vector<std::string>{"a", "b", "c"});
  CHECK(index.search(Query::term("body", "same"), 2).hits.size() == 2);
  CHECK(index.search(Query::term("body", "same"), 2).total_hits == 3);
}

TEST_CASE("storage/search: updates replace and deletes remove, from the next refresh on") {
  SearchIndex index;
  index.index(doc("1", "red apple"), 0);
  index.index(doc("2", "green apple"), 0);
  index.refresh(1);
  index.index(doc("1", "yellow banana"), 2);
  index.remove("2", 2);
  CHECK(index.search(Query::term("body", "apple")).total_hits == 2);  // not refreshed yet
  RefreshResult r = index.refresh(3);
  CHECK(r.deletes_applied == 1);
  CHECK(index.search(Query::term("body", "apple")).total_hits == 0);
  CHECK(ids(index.search(Query::term("body", "banana"))) == std::vector<std::string>{"1"});
  CHECK(index.visible_docs() == 1);
  // Within one refresh the last operation on an id wins.
  index.index(doc("3", "first"), 4);
  index.index(doc("3", "second"), 4);
  index.remove("3", 4);
  index.index(doc("3", "third"), 4);
  index.refresh(5);
  CHECK(index.search(Query::term("body", "first")).total_hits == 0);
  CHECK(index.search(Query::term("body", "third")).total_hits == 1);
}

TEST_CASE("storage/search: with translog durability request a crash loses nothing acknowledged") {
  SearchIndex index;
  index.index(doc("committed", "alpha"), 0);
  index.flush(0.5);  // Lucene commit
  index.index(doc("refreshed", "alpha"), 1);
  index.refresh(1.5);  // a segment, but not committed
  IndexResult w = index.index(doc("buffered", "alpha"), 2);
  CHECK(w.durable);
  CHECK(w.disk.syncs == 1);
  index.crash();
  CHECK_THROWS_AS(index.search(Query::term("body", "alpha")), std::logic_error);
  RecoveryReport r = index.recover(3);
  CHECK(r.ops_replayed == 2);  // the committed one is in the segments, not the translog
  CHECK(index.search(Query::term("body", "alpha")).total_hits == 3);
  CHECK(index.stats().ops_lost_in_crash == 0);
}

TEST_CASE("storage/search: with translog durability async a crash loses the last sync interval") {
  SearchOptions o;
  o.translog_durability = TranslogDurability::async;
  SearchIndex index(o);
  index.index(doc("early", "beta"), 1);
  CHECK_FALSE(index.index(doc("early2", "beta"), 2).durable);
  index.tick(5.0);  // sync_interval 5 s: the two above reach the disk
  index.index(doc("late", "beta"), 6);
  index.refresh(7);  // visible, yet only in memory and an uncommitted segment
  CHECK(index.search(Query::term("body", "beta")).total_hits == 3);
  index.crash();
  index.recover(8);
  CHECK(index.search(Query::term("body", "beta")).total_hits == 2);
  CHECK_FALSE(index.visible("late"));
  CHECK(index.stats().ops_lost_in_crash == 1);
}

TEST_CASE("storage/search: small segments are merged and deleted documents dropped") {
  SearchIndex index;
  auto add = [&](int i) {
    index.index(doc("d" + std::to_string(i), "word" + std::to_string(i) + " common"), i);
    index.refresh(i + 0.5);  // one segment per refresh
  };
  for (int i = 0; i < 10; ++i) add(i);
  for (int i : {0, 3, 6, 9}) index.remove("d" + std::to_string(i), 10);
  index.refresh(10.5);  // deletes only: live bits cleared, no new segment
  CHECK(index.segment_count() == 10);
  CHECK(index.stats().merges == 0);
  add(11);
  add(12);  // the 11th segment: more than segments_per_tier (10)
  CHECK(index.segment_count() <= 10);
  CHECK(index.stats().merges >= 1);
  CHECK(index.stats().merge_bytes_written > 0);
  CHECK(index.visible_docs() == 8);
  SearchResult r = index.search(Query::term("body", "common"));
  CHECK(r.total_hits == 8);
  CHECK(r.work.postings_read == 8);  // the merge dropped the dead postings
}

TEST_CASE("storage/search: indexing and query work is counted") {
  SearchIndex index;
  IndexResult w =
      index.index(Document{"1", {{"title", "Hello"}, {"body", "hello hello world"}}}, 0);
  CHECK(w.tokens == 4);
  CHECK(w.unique_terms == 3);  // title:hello, body:hello, body:world
  CHECK(w.disk.sequential_write_bytes > 0);
  index.refresh(1);
  CHECK(index.stats().postings_written == 3);
  CHECK(index.stats().tokens_indexed == 4);
  SearchResult r =
      index.search(Query::any_of({Query::term("body", "hello"), Query::term("title", "hello")}));
  CHECK(r.work.terms_looked_up == 2);
  CHECK(r.work.postings_read == 2);
  CHECK(r.total_hits == 1);
}
