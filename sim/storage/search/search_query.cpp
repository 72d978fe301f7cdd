// Query evaluation and BM25 scoring over the visible segments.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/storage/search/search_index.hpp"

namespace sdsim::storage::search {

SearchIndex::Matches SearchIndex::term_matches(const std::string& field, const std::string& term,
                                               QueryWork& work) const {
  struct Candidate {
    std::uint64_t segment;
    const SegmentData* data;
    Posting posting;
  };
  std::vector<Candidate> live;
  for (const Segment& s : segments_) {
    ++work.terms_looked_up;
    const std::vector<Posting>* list = s.data->postings(field, term);
    if (!list) continue;
    work.postings_read += list->size();  // dead documents' postings are read, then skipped
    for (const Posting& p : *list)
      if (s.live[p.doc]) live.push_back({s.id, s.data.get(), p});
  }
  Matches out;
  auto fs = field_stats_.find(field);
  if (live.empty() || fs == field_stats_.end() || fs->second.doc_count == 0) return out;
  const double n_docs = static_cast<double>(fs->second.doc_count);
  const double n_term = static_cast<double>(live.size());
  const double avgdl = static_cast<double>(fs->second.total_length) / n_docs;
  const double idf = std::log(1 + (n_docs - n_term + 0.5) / (n_term + 0.5));
  const double k1 = options_.bm25_k1, b = options_.bm25_b;
  for (const Candidate& c : live) {
    const double f = c.posting.freq;
    const double dl = c.data->field_length(c.posting.doc, field);
    out[{c.segment, c.posting.doc}] = idf * (f / (f + k1 * (1 - b + b * dl / avgdl)));
    ++work.docs_scored;
  }
  return out;
}

SearchIndex::Matches SearchIndex::evaluate(const Query& q, QueryWork& work) const {
  if (q.kind() == Query::Kind::term) return term_matches(q.field(), q.value(), work);
  Matches acc;
  if (q.clauses().empty()) return acc;
  if (q.kind() == Query::Kind::all_of) {
    acc = evaluate(q.clauses().front(), work);
    for (std::size_t i = 1; i < q.clauses().size(); ++i) {
      const Matches next = evaluate(q.clauses()[i], work);
      for (auto it = acc.begin(); it != acc.end();) {
        auto n = next.find(it->first);
        if (n == next.end()) {
          it = acc.erase(it);
        } else {
          it->second += n->second;
          ++it;
        }
      }
    }
    return acc;
  }
  for (const Query& clause : q.clauses())
    for (const auto& [doc, score] : evaluate(clause, work)) acc[doc] += score;
  return acc;
}

SearchResult SearchIndex::search(const Query& query, std::size_t size) {
  if (!up_) throw std::logic_error("SearchIndex: search while crashed; call recover() first");
  SearchResult r;
  r.work.segments_searched = segments_.size();
  const Matches matches = evaluate(query, r.work);
  r.total_hits = matches.size();
  for (const auto& [doc, score] : matches) {
    const Segment* s = nullptr;
    for (const Segment& seg : segments_)
      if (seg.id == doc.first) s = &seg;
    r.hits.push_back({s->data->docs()[doc.second].id, score});
  }
  std::sort(r.hits.begin(), r.hits.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (r.hits.size() > size) r.hits.resize(size);
  ++stats_.queries;
  stats_.postings_read += r.work.postings_read;
  stats_.terms_looked_up += r.work.terms_looked_up;
  return r;
}

}  // namespace sdsim::storage::search
