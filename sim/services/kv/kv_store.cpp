#include "sim/services/kv/kv_store.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/kv/kv_node.hpp"

namespace sdsim::kv_service {
namespace {

class KvService : public ServiceHandler<KvProtocol> {
 public:
  KvService(KvStore& store, int index, std::shared_ptr<KvNodeDurable> d)
      : store_(store), index_(index), durable_(std::move(d)) {}
  void start(Inbox&) override {
    node_ = std::make_unique<KvNode>(store_, index_, durable_);
    node_->start();
  }
  void handle(std::unique_ptr<Letter<KvProtocol>> request) override {
    node_->handle(std::move(request));
  }

 private:
  KvStore& store_;
  int index_;
  std::shared_ptr<KvNodeDurable> durable_;
  std::unique_ptr<KvNode> node_;
};

}  // namespace

KvStore::KvStore(RunContext& ctx, KvConfig cfg, std::string name)
    : ctx_(ctx), cfg_(std::move(cfg)), name_(std::move(name)), ring_(cfg_.num_tokens) {}

void KvStore::start(const std::vector<std::string>& hosts) {
  if (static_cast<int>(hosts.size()) < cfg_.replication_factor)
    throw std::invalid_argument(
        fmt::format("kv store: replication_factor {} needs as many nodes ({} given)",
                    cfg_.replication_factor, hosts.size()));
  const storage::lsm::LsmOptions options = cfg_.storage.options();
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const std::string name = fmt::format("{}-{}", name_, i);
    const HostInfo* info = ctx_.platform().host(hosts[i]);
    ring_.add_node(name, info && !info->rack.empty() ? info->rack : hosts[i]);
    names_.push_back(name);
    endpoints_.push_back(ctx_.net().register_service<KvProtocol>(name, hosts[i]));
    durable_.push_back(std::make_shared<KvNodeDurable>(options, cfg_.max_hint_window));
  }
  for (int i = 0; i < nodes(); ++i) {
    auto durable = durable_[i];
    spawn_service<KvProtocol>(ctx_.net(), endpoints_[i], [this, i, durable] {
      return std::make_unique<KvService>(*this, i, durable);
    });
  }
}

std::vector<int> KvStore::replicas(const std::string& key) const {
  return ring_.select(HashRing::hash(key), cfg_.replication_factor, cfg_.rack_aware);
}

std::size_t KvStore::hints_pending() const {
  std::size_t n = 0;
  for (const auto& d : durable_) n += d->hints.pending();
  return n;
}

}  // namespace sdsim::kv_service
