// The search node's client API: index, delete, search, refresh and flush, one call each over
// an Rpc the calling actor owns.
#pragma once

#include <utility>

#include "sim/net/rpc.hpp"
#include "sim/services/search/protocol.hpp"

namespace sdsim::search_service {

class SearchClient {
 public:
  SearchClient(Rpc& rpc, Endpoint<SearchProtocol> node, CallOptions options = {2.0, 2, 0.1})
      : rpc_(rpc), node_(node), options_(options) {}

  Result<IndexReply> index(Document doc) {
    return rpc_.call(node_, IndexDoc{std::move(doc)}, options_);
  }
  Result<IndexReply> remove(const std::string& id) {
    return rpc_.call(node_, DeleteDoc{id}, options_);
  }
  Result<SearchReply> search(Query query, std::size_t size = 10) {
    return rpc_.call(node_, Search{std::move(query), size}, options_);
  }
  Result<AdminReply> refresh() { return rpc_.call(node_, Refresh{}, options_); }
  Result<AdminReply> flush() { return rpc_.call(node_, Flush{}, options_); }

 private:
  Rpc& rpc_;
  Endpoint<SearchProtocol> node_;
  CallOptions options_;
};

}  // namespace sdsim::search_service
