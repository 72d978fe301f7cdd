// The search node's messages: index and delete (acknowledged after the translog write),
// search (a term or boolean query), and the refresh and flush APIs. Wire sizes: a 100 B
// header plus the document's source, the query's terms (32 B each) or the hits' ids.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/search/search_index.hpp"

namespace sdsim::search_service {

using storage::search::Document;
using storage::search::Field;
using storage::search::Hit;
using storage::search::Query;
using storage::search::QueryWork;

inline constexpr double kHeaderBytes = 100;

double query_bytes(const Query& q);

struct IndexReply {
  static constexpr std::string_view kName = "search_index_reply";
  std::uint64_t seq_no = 0;
  bool durable = false;  // fsynced before the acknowledgement
  double wire_bytes() const { return kHeaderBytes; }
};
struct IndexDoc {
  static constexpr std::string_view kName = "search_index";
  using Reply = IndexReply;
  Document doc;
  double wire_bytes() const {
    return kHeaderBytes + static_cast<double>(storage::search::source_bytes(doc));
  }
};
struct DeleteDoc {
  static constexpr std::string_view kName = "search_delete";
  using Reply = IndexReply;
  std::string id;
  double wire_bytes() const { return kHeaderBytes + id.size(); }
};

struct SearchReply {
  static constexpr std::string_view kName = "search_reply";
  std::vector<Hit> hits;
  std::uint64_t total_hits = 0;
  QueryWork work;  // for the model's accounting; not on the wire
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const Hit& h : hits) b += h.id.size() + 8;
    return b;
  }
};
struct Search {
  static constexpr std::string_view kName = "search";
  using Reply = SearchReply;
  Query query;
  std::size_t size = 10;
  double wire_bytes() const { return kHeaderBytes + query_bytes(query); }
};

struct AdminReply {
  static constexpr std::string_view kName = "search_admin_reply";
  double wire_bytes() const { return kHeaderBytes; }
};
struct Refresh {
  static constexpr std::string_view kName = "search_refresh";
  using Reply = AdminReply;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Flush {
  static constexpr std::string_view kName = "search_flush";
  using Reply = AdminReply;
  double wire_bytes() const { return kHeaderBytes; }
};

using SearchProtocol = std::variant<IndexDoc, DeleteDoc, Search, Refresh, Flush>;

}  // namespace sdsim::search_service
