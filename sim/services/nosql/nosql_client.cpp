#include "sim/services/nosql/nosql_client.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace sdsim::nosql_service {
namespace {
double now() { return sg4::Engine::get_clock(); }
}  // namespace

NoSqlClient::NoSqlClient(Rpc& rpc, const NoSqlTable& table, NoSqlClientOptions options)
    : rpc_(rpc),
      table_(table),
      options_(options),
      rng_(rpc.net().seed(), "nosql-client:" + rpc.inbox().address().name) {}

double NoSqlClient::backoff(int attempt) {
  const double cap = std::min(options_.backoff_max, options_.backoff * std::pow(2.0, attempt - 1));
  return cap * rng_.uniform01();  // "full jitter"
}

// One request with the SDK's retries; the raw status is read from the reply (a Retry is a
// throttle, not a final error).
template <class Request>
NoSqlResult NoSqlClient::call(int node, const Request& request) {
  NoSqlResult out;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) {
      sg4::this_actor::sleep_for(backoff(attempt));
      out.retries = attempt;
    }
    const std::uint64_t id = rpc_.send(table_.endpoint(node), request);
    const double deadline = now() + options_.timeout;
    std::unique_ptr<Envelope> reply;
    while (auto m = rpc_.next(deadline))
      if (m->id == id) {
        reply = std::move(m);
        break;
      }
    out.status = reply ? reply->status : Status::Timeout;
    if (out.status == Status::Retry) {
      ++out.throttles;
      ++throttles_;
      continue;
    }
    if (out.status == Status::Ok) {
      if (auto* items = dynamic_cast<Letter<ItemsReply>*>(reply.get()))
        out.items = std::move(items->body.items);
      return out;
    }
    if (!retryable(out.status)) return out;
  }
  if (out.status == Status::Retry) out.status = Status::Unavailable;  // still throttled: gave up
  return out;
}

NoSqlResult NoSqlClient::put(Item item) {
  const int node = table_.node_of_partition(table_.partition_of(item.partition_key));
  return call(node, Put{std::move(item)});
}

NoSqlResult NoSqlClient::remove(const std::string& pk, const std::string& sk) {
  return call(table_.node_of_partition(table_.partition_of(pk)), Delete{pk, sk});
}

NoSqlResult NoSqlClient::get(const std::string& pk, const std::string& sk, bool consistent) {
  return call(table_.node_of_partition(table_.partition_of(pk)), Get{pk, sk, consistent});
}

NoSqlResult NoSqlClient::query(const std::string& pk, const std::string& sk_begin,
                               const std::string& sk_end, std::size_t limit, bool consistent) {
  return call(table_.node_of_partition(table_.partition_of(pk)),
              Query{pk, sk_begin, sk_end, limit, consistent});
}

NoSqlResult NoSqlClient::index_query(const std::string& index, const std::string& key,
                                     std::size_t limit) {
  return call(table_.node_of_partition(table_.index_partition_of(index, key)),
              IndexQuery{index, key, limit});
}

NoSqlResult NoSqlClient::scan(const std::string& attribute, const std::string& value,
                              bool consistent) {
  const int n = table_.partitions();
  std::vector<std::vector<Item>> parts(n);
  std::vector<int> todo(n);
  for (int p = 0; p < n; ++p) todo[p] = p;
  NoSqlResult out;
  out.status = Status::Ok;
  for (int attempt = 0; attempt <= options_.retries && !todo.empty(); ++attempt) {
    if (attempt > 0) {
      sg4::this_actor::sleep_for(backoff(attempt));
      out.retries = attempt;
    }
    std::map<std::uint64_t, int> waiting;  // scatter: every remaining partition at once
    for (int p : todo)
      waiting[rpc_.send(table_.endpoint(table_.node_of_partition(p)),
                        ScanPartition{p, attribute, value, consistent})] = p;
    const double deadline = now() + options_.timeout;
    while (!waiting.empty()) {  // gather
      auto m = rpc_.next(deadline);
      if (!m) break;
      auto it = waiting.find(m->id);
      if (it == waiting.end()) continue;
      const int p = it->second;
      waiting.erase(it);
      if (m->status == Status::Retry) {
        ++out.throttles;
        ++throttles_;
      } else if (auto* items = dynamic_cast<Letter<ItemsReply>*>(m.get());
                 items && m->status == Status::Ok) {
        parts[p] = std::move(items->body.items);
        std::erase(todo, p);
      }
    }
  }
  for (const auto& part : parts) out.items.insert(out.items.end(), part.begin(), part.end());
  out.complete = todo.empty();
  if (!out.complete) out.status = Status::Unavailable;
  return out;
}

}  // namespace sdsim::nosql_service
