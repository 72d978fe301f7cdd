// The analyzer that turns field text into terms: ASCII letters are lowercased, and every byte
// that is not an ASCII letter or digit separates tokens. Bytes of 0x80 and above (UTF-8
// sequences) stay inside tokens, so a non-ASCII word is kept whole; tokens longer than 255
// bytes are cut every 255 bytes (max_token_length, as Elasticsearch's standard tokenizer).
//
// Left out from Elasticsearch's standard analyzer: Unicode word boundaries (UAX #29: it splits
// "l'avion" and keeps "3.14" or "wi-fi" parts by rules, handles CJK per character, emoji),
// Unicode lowercasing, and length counted in characters rather than bytes. Neither has stop
// words by default.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sdsim::storage::search {

inline constexpr std::size_t kMaxTokenLength = 255;

std::vector<std::string> analyze(std::string_view text);

}  // namespace sdsim::storage::search
