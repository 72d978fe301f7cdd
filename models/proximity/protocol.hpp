// The proximity model's messages. Clients search the location-based service (LBS); the LBS
// asks an index server (a read replica of the geo index database) for the whole search, or,
// with the geohash cache, for the rows of one cell. Sizes: 64 B of header and query, 16 B per
// result (id + distance), 24 B per row (id, lat, lon).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::proximity {

struct SearchReply {
  static constexpr std::string_view kName = "search_reply";
  std::vector<storage::geo::Hit> hits;  // nearest first, at most page_size
  std::uint64_t total = 0;              // within the radius, before the page cap
  double wire_bytes() const { return 64.0 + 16.0 * double(hits.size()); }
};
struct Search {
  static constexpr std::string_view kName = "search";
  using Reply = SearchReply;
  std::uint64_t query_id = 0;
  double lat = 0, lon = 0, radius_m = 0;
  double wire_bytes() const { return 64.0; }
};
using LbsProtocol = std::variant<Search>;

struct IndexSearchReply {
  static constexpr std::string_view kName = "index_search_reply";
  std::vector<storage::geo::Hit> hits;  // every business within the radius, nearest first
  storage::geo::SearchWork work;
  double served_at = 0;      // s, when the server read its data
  double visible_until = 0;  // s: the server saw the writes made up to then
  double wire_bytes() const { return 64.0 + 16.0 * double(hits.size()); }
};
struct IndexSearch {
  static constexpr std::string_view kName = "index_search";
  using Reply = IndexSearchReply;
  double lat = 0, lon = 0, radius_m = 0;
  double wire_bytes() const { return 64.0; }
};
struct CellRows {
  static constexpr std::string_view kName = "cell_rows";
  std::vector<storage::geo::Point> rows;
  double wire_bytes() const { return 64.0 + 24.0 * double(rows.size()); }
};
struct CellRead {
  static constexpr std::string_view kName = "cell_read";
  using Reply = CellRows;
  std::string geohash;  // its length is the precision
  double wire_bytes() const { return 64.0; }
};
using IndexProtocol = std::variant<IndexSearch, CellRead>;

}  // namespace sdsim::proximity
