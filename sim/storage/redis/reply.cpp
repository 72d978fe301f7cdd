#include "sim/storage/redis/reply.hpp"

#include <cmath>
#include <cstdio>

namespace sdsim::storage::redis {

Reply Reply::error(std::string text) {
  for (char& c : text)
    if (c == '\r' || c == '\n') c = ' ';
  return {Kind::error, std::move(text), 0, {}};
}

Reply Reply::bulk_double(double value) { return bulk(format_double(value)); }

std::string format_double(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const int length = std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return std::string(buffer, static_cast<std::size_t>(length));
}

std::string quote_bytes(std::string_view bytes) {
  std::string out = "\"";
  for (const char c : bytes) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {  // isprint() in the C locale
          out += c;
        } else {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02x", byte);
          out += hex;
        }
      }
    }
  }
  return out + "\"";
}

namespace {

void format_into(std::string& out, const Reply& reply, const std::string& prefix) {
  switch (reply.kind) {
    case Reply::Kind::error:
      out += "(error) " + reply.text + "\n";
      return;
    case Reply::Kind::status:
      out += reply.text + "\n";
      return;
    case Reply::Kind::integer:
      out += "(integer) " + std::to_string(reply.integer) + "\n";
      return;
    case Reply::Kind::bulk:
      out += quote_bytes(reply.text) + "\n";
      return;
    case Reply::Kind::nil:
      out += "(nil)\n";
      return;
    case Reply::Kind::array:
      break;
  }
  if (reply.elements.empty()) {
    out += "(empty array)\n";
    return;
  }
  const std::size_t width = std::to_string(reply.elements.size()).size();
  // Nested elements line up under the parent's text: the prefix grows by "NN) ".
  const std::string nested_prefix = prefix + std::string(width + 2, ' ');
  for (std::size_t i = 0; i < reply.elements.size(); ++i) {
    // The first element follows its parent's index on the same line.
    if (i > 0) out += prefix;
    const std::string index = std::to_string(i + 1);
    out += std::string(width - index.size(), ' ') + index + ") ";
    format_into(out, reply.elements[i], nested_prefix);
  }
}

}  // namespace

std::string format_for_cli(const Reply& reply) {
  std::string out;
  format_into(out, reply, "");
  return out;
}

}  // namespace sdsim::storage::redis
