// A Lucene-like segment: an immutable inverted index over a batch of documents (term ->
// postings of (document ordinal, term frequency), per field), each document's field lengths
// for scoring, and the stored source. Deletes do not change a segment: they clear a bit in
// the live-docs set the index keeps beside it, until a merge drops the dead documents.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/search/document.hpp"

namespace sdsim::storage::search {

struct Posting {
  std::uint32_t doc;   // ordinal inside the segment
  std::uint32_t freq;  // occurrences of the term in the field
};

class SegmentData {
 public:
  explicit SegmentData(std::vector<Document> docs);

  const std::vector<Document>& docs() const { return docs_; }
  // Postings of `term` in `field`, in document order; null when the term is absent.
  const std::vector<Posting>* postings(std::string_view field, std::string_view term) const;
  // Tokens of `field` in document `doc` (0 when the document has no such field).
  std::uint32_t field_length(std::uint32_t doc, const std::string& field) const;
  const std::map<std::string, std::uint32_t>& field_lengths(std::uint32_t doc) const {
    return field_lengths_[doc];
  }

  std::uint64_t tokens() const { return tokens_; }
  std::uint64_t postings_count() const { return postings_count_; }
  // Bytes on disk: term dictionary (term + 8 per term), postings (8 each), one norm byte
  // per document and field, and the stored sources.
  std::uint64_t size_bytes() const { return size_bytes_; }

 private:
  static std::string term_key(std::string_view field, std::string_view term);

  std::vector<Document> docs_;
  std::map<std::string, std::vector<Posting>, std::less<>> postings_;  // field '\0' term
  std::vector<std::map<std::string, std::uint32_t>> field_lengths_;
  std::uint64_t tokens_ = 0, postings_count_ = 0, size_bytes_ = 0;
};

struct Segment {
  std::uint64_t id;  // creation order
  std::shared_ptr<const SegmentData> data;
  std::vector<bool> live;
  std::uint32_t live_count;
};

}  // namespace sdsim::storage::search
