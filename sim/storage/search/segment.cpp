#include "sim/storage/search/segment.hpp"

#include <utility>

#include "sim/storage/search/analyzer.hpp"

namespace sdsim::storage::search {

std::string SegmentData::term_key(std::string_view field, std::string_view term) {
  std::string key(field);
  key.push_back('\0');
  key.append(term);
  return key;
}

SegmentData::SegmentData(std::vector<Document> docs) : docs_(std::move(docs)) {
  field_lengths_.resize(docs_.size());
  for (std::uint32_t ord = 0; ord < docs_.size(); ++ord) {
    std::map<std::string, std::uint32_t> freqs;  // term key -> frequency in this document
    for (const Field& f : docs_[ord].fields) {
      for (const std::string& token : analyze(f.text)) {
        ++freqs[term_key(f.name, token)];
        ++field_lengths_[ord][f.name];
        ++tokens_;
      }
    }
    for (const auto& [key, freq] : freqs) postings_[key].push_back({ord, freq});
    postings_count_ += freqs.size();
    size_bytes_ += source_bytes(docs_[ord]) + field_lengths_[ord].size();
  }
  for (const auto& [key, list] : postings_) size_bytes_ += key.size() + 8 + 8 * list.size();
}

const std::vector<Posting>* SegmentData::postings(std::string_view field,
                                                  std::string_view term) const {
  auto it = postings_.find(term_key(field, term));
  return it == postings_.end() ? nullptr : &it->second;
}

std::uint32_t SegmentData::field_length(std::uint32_t doc, const std::string& field) const {
  auto it = field_lengths_[doc].find(field);
  return it == field_lengths_[doc].end() ? 0 : it->second;
}

}  // namespace sdsim::storage::search
