#include "sim/storage/search/analyzer.hpp"

namespace sdsim::storage::search {
namespace {

bool token_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

std::vector<std::string> analyze(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto emit = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (unsigned char c : text) {
    if (!token_byte(c)) {
      emit();
      continue;
    }
    current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                           : static_cast<char>(c));
    if (current.size() == kMaxTokenLength) emit();
  }
  emit();
  return tokens;
}

}  // namespace sdsim::storage::search
