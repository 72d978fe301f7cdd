#include "sim/services/kv/kv_client.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

namespace sdsim::kv_service {

KvClient::KvClient(Rpc& rpc, const KvStore& store, KvClientOptions options, int first_node)
    : rpc_(rpc),
      store_(store),
      options_(options),
      next_(first_node),
      suspect_until_(store.nodes(), -1.0) {
  if (options_.timeout < 0)
    options_.timeout =
        std::max(store.config().read_request_timeout, store.config().write_request_timeout) * 2 +
        1.0;
}

int KvClient::coordinator(const std::string& key, int attempt) {
  std::vector<int> order;  // preferred coordinators first
  if (options_.routing == Routing::token_aware) {
    const auto replicas = store_.replicas(key);
    for (std::size_t i = 0; i < replicas.size(); ++i)
      order.push_back(replicas[(attempt + i) % replicas.size()]);
  } else {
    for (int i = 0; i < store_.nodes(); ++i) order.push_back((next_ + i) % store_.nodes());
    ++next_;
  }
  const double now = simgrid::s4u::Engine::get_clock();
  for (int n : order)
    if (suspect_until_[n] <= now) return n;
  return order.front();
}

template <class Request>
auto KvClient::call(const std::string& key, const Request& request) {
  double backoff = options_.backoff;
  Result<typename Request::Reply> r;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) {
      simgrid::s4u::this_actor::sleep_for(backoff);
      backoff *= 2;
    }
    const int node = coordinator(key, attempt);
    r = rpc_.call(store_.endpoint(node), request, CallOptions{options_.timeout, 0});
    r.retries = attempt;
    if (r.status == Status::Timeout)
      suspect_until_[node] = simgrid::s4u::Engine::get_clock() + options_.suspect_for;
    if (!retryable(r.status)) break;
  }
  return r;
}

KvWriteResult KvClient::put(const std::string& key, Value value, Consistency level) {
  auto r = call(key, Write{key, std::move(value), level});
  return {r.status, r.ok() ? r.value().timestamp_us : 0, r.retries};
}

KvWriteResult KvClient::remove(const std::string& key, Consistency level) {
  auto r = call(key, Write{key, std::nullopt, level});
  return {r.status, r.ok() ? r.value().timestamp_us : 0, r.retries};
}

KvReadResult KvClient::get(const std::string& key, Consistency level) {
  auto r = call(key, Read{key, level});
  KvReadResult out{r.status, {}, r.retries};
  if (r.ok()) out.version = r.value().version;
  return out;
}

}  // namespace sdsim::kv_service
