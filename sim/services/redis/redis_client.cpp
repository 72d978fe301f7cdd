#include "sim/services/redis/redis_client.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "sim/storage/redis/key_slot.hpp"

namespace sdsim::redis_service {

using storage::redis::kClusterSlots;

std::vector<SlotRange> slot_ranges(std::size_t masters) {
  // redis-cli.c, clusterManagerCommandCreate: float arithmetic, lround, the last master
  // takes the rest.
  std::vector<SlotRange> out;
  const float per_node = static_cast<float>(kClusterSlots) / static_cast<float>(masters);
  long first = 0;
  float cursor = 0.0f;
  for (std::size_t i = 0; i < masters; ++i) {
    long last = std::lround(cursor + per_node - 1);
    if (last > kClusterSlots || i == masters - 1) last = kClusterSlots - 1;
    if (last < first) last = first;
    out.push_back({static_cast<std::uint16_t>(first), static_cast<std::uint16_t>(last)});
    first = last + 1;
    cursor += per_node;
  }
  return out;
}

RedisClient::RedisClient(Rpc& rpc, std::vector<Endpoint<RedisProtocol>> nodes, CallOptions options)
    : rpc_(rpc), nodes_(std::move(nodes)), node_of_slot_(kClusterSlots), options_(options) {
  const auto ranges = slot_ranges(nodes_.size());
  for (std::size_t n = 0; n < ranges.size(); ++n)
    for (unsigned s = ranges[n].first; s <= ranges[n].last; ++s) node_of_slot_[s] = n;
}

std::size_t RedisClient::node_for(std::string_view key) const {
  return node_of_slot_[storage::redis::key_slot(key)];
}

RedisClient& RedisClient::with_failover() {
  if (nodes_.size() != 2)
    throw std::logic_error("RedisClient: failover needs a primary and a replica");
  failover_ = true;
  return *this;
}

Answer<Reply> RedisClient::command(Arguments argv) {
  std::size_t node = failover_ ? current_ : argv.size() > 1 ? node_for(argv[1]) : 0;
  auto r = rpc_.call(nodes_[node], Command{argv, 0}, options_);
  const bool readonly = r.ok() && !r.value().replies.empty() &&
                        r.value().replies.front().text.rfind("READONLY", 0) == 0;
  if (failover_ && (retryable(r.status) || readonly)) {
    current_ = node = 1 - node;
    r = rpc_.call(nodes_[node], Command{std::move(argv), 0}, options_);
  }
  Answer<Reply> a;
  a.status = r.ok() ? Status::Ok : r.status;
  if (!r.ok() || r.value().replies.empty()) return a;
  a.value = r.value().replies.front();
  if (a.value.is_error()) a.error = a.value.text;
  return a;
}

namespace {
template <class T>
Answer<T> carry(const Answer<Reply>& from) {
  Answer<T> a;
  a.status = from.status;
  a.error = from.error;
  return a;
}
}  // namespace

Answer<double> RedisClient::zincrby(const std::string& key, double increment,
                                    const std::string& member) {
  auto r = command({"ZINCRBY", key, fmt::format("{:.17g}", increment), member});
  auto a = carry<double>(r);
  if (a.ok()) a.value = std::strtod(r.value.text.c_str(), nullptr);
  return a;
}

Answer<std::optional<std::int64_t>> RedisClient::zrevrank(const std::string& key,
                                                          const std::string& member) {
  auto r = command({"ZREVRANK", key, member});
  auto a = carry<std::optional<std::int64_t>>(r);
  if (a.ok() && r.value.kind == Reply::Kind::integer) a.value = r.value.integer;
  return a;
}

Answer<std::vector<ScoredMember>> RedisClient::zrevrange(const std::string& key, std::int64_t start,
                                                         std::int64_t stop) {
  auto r = command({"ZREVRANGE", key, std::to_string(start), std::to_string(stop), "WITHSCORES"});
  auto a = carry<std::vector<ScoredMember>>(r);
  if (!a.ok()) return a;
  const auto& e = r.value.elements;
  for (std::size_t i = 0; i + 1 < e.size(); i += 2)
    a.value.push_back({e[i].text, std::strtod(e[i + 1].text.c_str(), nullptr)});
  return a;
}

Answer<std::optional<std::string>> RedisClient::get(const std::string& key) {
  auto r = command({"GET", key});
  auto a = carry<std::optional<std::string>>(r);
  if (a.ok() && r.value.kind == Reply::Kind::bulk) a.value = r.value.text;
  return a;
}

Answer<bool> RedisClient::set(const std::string& key, const std::string& value,
                              std::optional<double> ttl_s) {
  Arguments argv{"SET", key, value};
  if (ttl_s) {
    argv.push_back("PX");
    argv.push_back(std::to_string(std::llround(*ttl_s * 1000)));
  }
  auto r = command(std::move(argv));
  auto a = carry<bool>(r);
  if (a.ok()) a.value = r.value.kind == Reply::Kind::status;
  return a;
}

Answer<std::int64_t> RedisClient::publish(const std::string& channel, const std::string& message) {
  auto r = command({"PUBLISH", channel, message});
  auto a = carry<std::int64_t>(r);
  if (a.ok()) a.value = r.value.integer;
  return a;
}

std::optional<std::int64_t> RedisSubscriber::subscribe(const std::vector<std::string>& channels,
                                                       double timeout_s) {
  Arguments argv{"SUBSCRIBE"};
  argv.insert(argv.end(), channels.begin(), channels.end());
  auto m = connection_.request(Command{std::move(argv), connection_.id()}, timeout_s);
  auto* reply = m ? dynamic_cast<Letter<CommandReply>*>(m.get()) : nullptr;
  if (reply == nullptr || reply->body.replies.empty()) return std::nullopt;
  const Reply& last = reply->body.replies.back();
  if (last.kind != Reply::Kind::array || last.elements.size() != 3) return std::nullopt;
  return last.elements[2].integer;
}

}  // namespace sdsim::redis_service
