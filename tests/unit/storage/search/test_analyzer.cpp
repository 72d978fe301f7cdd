// The simple analyzer: lowercase ASCII, split on non-alphanumerics, keep UTF-8 bytes inside
// tokens, cut tokens at 255 bytes (Elasticsearch standard tokenizer's max_token_length).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/storage/search/analyzer.hpp"

using sdsim::storage::search::analyze;
using Tokens = std::vector<std::string>;

TEST_CASE("storage/search: the analyzer lowercases and splits on non-alphanumerics") {
  CHECK(analyze("The QUICK brown-fox, jumped!") ==
        Tokens{"the", "quick", "brown", "fox", "jumped"});
  CHECK(analyze("wi-fi 3.14 user_42 e-mail@host") ==
        Tokens{"wi", "fi", "3", "14", "user", "42", "e", "mail", "host"});
  CHECK(analyze("  \t\n ").empty());
  CHECK(analyze("").empty());
}

TEST_CASE("storage/search: the analyzer keeps UTF-8 words whole, not lowercased") {
  CHECK(analyze("Café Zürich") == Tokens{"café", "zürich"});
  CHECK(analyze("ÉCOLE") == Tokens{"École"});  // only ASCII letters are lowercased
}

TEST_CASE("storage/search: tokens longer than 255 bytes are cut every 255 bytes") {
  const Tokens t = analyze(std::string(600, 'a'));
  REQUIRE(t.size() == 3);
  CHECK(t[0].size() == 255);
  CHECK(t[1].size() == 255);
  CHECK(t[2].size() == 90);
}
