// Redis's shared error replies (server.c's createSharedObjects and the texts commands add),
// spelled once so every command answers with the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "sim/storage/redis/reply.hpp"

namespace sdsim::storage::redis {

inline Reply syntax_error() { return Reply::error("ERR syntax error"); }
inline Reply wrong_type() {
  return Reply::error("WRONGTYPE Operation against a key holding the wrong kind of value");
}
inline Reply not_an_integer() {
  return Reply::error("ERR value is not an integer or out of range");
}
inline Reply not_a_float() { return Reply::error("ERR value is not a valid float"); }
inline Reply out_of_memory() {
  return Reply::error("OOM command not allowed when used memory > 'maxmemory'.");
}
inline Reply wrong_arity(std::string_view full_name) {
  return Reply::error("ERR wrong number of arguments for '" + std::string(full_name) + "' command");
}
inline Reply invalid_expire(std::string_view full_name) {
  return Reply::error("ERR invalid expire time in '" + std::string(full_name) + "' command");
}

// Case-insensitive ASCII comparison, as Redis's strcasecmp on option names.
inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace sdsim::storage::redis
