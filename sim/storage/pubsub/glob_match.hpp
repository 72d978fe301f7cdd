// Redis's glob-style matching, as PSUBSCRIBE patterns use it (https://redis.io/commands/psubscribe/
// and https://redis.io/commands/keys/): `*` any run of bytes, `?` one byte, `[abc]` `[^a]`
// `[a-z]` one byte from a class (a reversed range is swapped), `\x` the byte x literally.
// Edge cases follow Redis's stringmatchlen() byte for byte: an unterminated class is closed
// at the end of the pattern, range ends compare as signed chars, and a pattern never
// matches an empty string unless the pattern is empty too (so "*" does not match "").
#pragma once

#include <string_view>

namespace sdsim::storage::pubsub {

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace sdsim::storage::pubsub
