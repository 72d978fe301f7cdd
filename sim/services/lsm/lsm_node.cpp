#include "sim/services/lsm/lsm_node.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"

namespace sdsim::lsm_service {
namespace {

using Request = std::unique_ptr<Letter<LsmProtocol>>;

void serve(Net& net, LsmEngine& engine, Request& req) {
  std::visit(overloaded{[&](Put& p) {
                          const bool durable =
                              engine.put(std::move(p.key), std::move(p.value), p.timestamp_us);
                          net.reply(*req, WriteAck{durable});
                        },
                        [&](Delete& d) {
                          const bool durable = engine.remove(std::move(d.key), d.timestamp_us);
                          net.reply(*req, WriteAck{durable});
                        },
                        [&](Get& g) {
                          auto r = engine.get(g.key);
                          net.reply(*req, ReadReply{std::move(r.value), r.timestamp_us});
                        }},
             req->body);
}

class LsmNodeService : public ServiceHandler<LsmProtocol> {
 public:
  LsmNodeService(RunContext& ctx, const std::string& name, const LsmNodeConfig& cfg,
                 std::shared_ptr<LsmDurable> d)
      : ctx_(ctx), name_(name), cfg_(cfg), durable_(std::move(d)) {}

  void start(Inbox&) override {
    const bool restart = durable_->lives > 0;
    engine_ = std::make_shared<LsmEngine>(cfg_, durable_, name_);
    engine_->start(engine_);
    if (restart)
      ctx_.event("lsm_restart", name_,
                 fmt::format("memtable and unsynced commit log lost; {} records replayed so far",
                             durable_->store.stats().records_replayed));
    Net& net = ctx_.net();
    auto engine = engine_;
    auto work = [&net, engine](int, Request& r) { serve(net, *engine, r); };
    writes_ =
        std::make_unique<WorkerPool<Request>>(name_ + "/mutation", cfg_.concurrent_writes, work);
    reads_ = std::make_unique<WorkerPool<Request>>(name_ + "/read", cfg_.concurrent_reads, work);
  }

  void handle(Request request) override {
    if (std::holds_alternative<Get>(request->body))
      reads_->submit(std::move(request));
    else
      writes_->submit(std::move(request));
  }

 private:
  RunContext& ctx_;
  const std::string& name_;
  const LsmNodeConfig& cfg_;
  std::shared_ptr<LsmDurable> durable_;
  std::shared_ptr<LsmEngine> engine_;
  std::unique_ptr<WorkerPool<Request>> writes_, reads_;
};

}  // namespace

LsmNode::LsmNode(RunContext& ctx, std::string name, const std::string& host, LsmNodeConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<LsmProtocol>(name_, host)),
      durable_(std::make_shared<LsmDurable>(cfg_.options())) {}

void LsmNode::start() {
  RunContext& ctx = ctx_;
  const std::string& name = name_;
  const LsmNodeConfig& cfg = cfg_;
  auto durable = durable_;
  spawn_service<LsmProtocol>(ctx.net(), endpoint_, [&ctx, &name, &cfg, durable] {
    return std::make_unique<LsmNodeService>(ctx, name, cfg, durable);
  });
}

Amplification LsmNode::amplification() const {
  const auto& s = durable_->store;
  return {s.write_amplification(), s.write_amplification_with_commit_log(), s.read_amplification(),
          s.space_amplification()};
}

}  // namespace sdsim::lsm_service
