// A document: an id and text fields. A field name given twice holds both texts, as an
// Elasticsearch array field does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sdsim::storage::search {

struct Field {
  std::string name, text;
};

struct Document {
  std::string id;
  std::vector<Field> fields;
};

// Bytes of the document's JSON source, roughly: id, names and texts with 8 bytes of syntax
// per field and 16 for the envelope. Translog entries and stored fields are this size.
inline std::uint64_t source_bytes(const Document& d) {
  std::uint64_t n = d.id.size() + 16;
  for (const Field& f : d.fields) n += f.name.size() + f.text.size() + 8;
  return n;
}

}  // namespace sdsim::storage::search
