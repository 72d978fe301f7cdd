#include "sim/services/nosql/nosql_table.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::nosql_service {
namespace {

using Request = std::unique_ptr<Letter<NoSqlProtocol>>;
using storage::nosql::ReadResult;
using storage::nosql::Throttle;
double now() { return sg4::Engine::get_clock(); }

class StorageNode : public ServiceHandler<NoSqlProtocol> {
 public:
  StorageNode(NoSqlTable& t, int index, std::shared_ptr<std::uint64_t> lives)
      : t_(t),
        cfg_(t.config()),
        index_(index),
        lives_(std::move(lives)),
        name_(fmt::format("{}-{}", t.name(), index)) {}

  void start(Inbox&) override {
    if ((*lives_)++ > 0) {
      ++t_.stats().restarts;
      t_.ctx().event("nosql_restart", name_,
                     "queued requests and index propagation in flight lost");
    }
    StorageNode* self = this;  // the pool and the propagator die with this incarnation
    pool_ = std::make_unique<WorkerPool<Request>>(name_ + "/request", cfg_.request_threads,
                                                  [self](int, Request& r) { self->serve(r); });
    spawn_local(name_ + "/index-propagator", [self] { self->propagate(); });
  }
  void handle(Request r) override { pool_->submit(std::move(r)); }

 private:
  void throttled(const Request& r, ThrottleReason why) {
    auto& s = t_.stats();
    (why == ThrottleReason::partition       ? s.throttled_partition
     : why == ThrottleReason::index_backlog ? s.throttled_index_backlog
                                            : s.throttled_index_read)++;
    t_.ctx().net().reply(*r, Throttled{why}, Status::Retry);
  }
  void wrote(const Request& r, const storage::nosql::WriteResult& w) {
    if (!w.ok())
      return throttled(r, w.throttled == Throttle::partition ? ThrottleReason::partition
                                                             : ThrottleReason::index_backlog);
    services::cpu(cfg_.costs.cpu_per_request + cfg_.costs.cpu_per_kb * double(w.bytes) / 1024);
    services::disk_write(double(w.bytes));
    services::wait(cfg_.costs.replication);
    t_.ctx().net().reply(*r, WriteReply{w.units});
  }
  void read(const Request& r, ReadResult res) {
    if (res.throttled) return throttled(r, ThrottleReason::partition);
    services::cpu(cfg_.costs.cpu_per_request +
                  cfg_.costs.cpu_per_kb * double(res.bytes_read) / 1024);
    if (res.bytes_read > 0) {
      services::wait(cfg_.costs.disk_seek);
      services::disk_read(double(res.bytes_read));
    }
    t_.ctx().net().reply(*r, ItemsReply{std::move(res.items), res.units});
  }

  void serve(Request& r) {
    ++t_.stats().requests;
    auto& table = t_.table();
    std::visit(
        overloaded{[&](Put& m) { wrote(r, table.put(std::move(m.item), now())); },
                   [&](Delete& m) { wrote(r, table.remove(m.pk, m.sk, now())); },
                   [&](Get& m) { read(r, table.get(m.pk, m.sk, m.consistent, now())); },
                   [&](Query& m) {
                     read(r, table.query(m.pk, m.sk_begin, m.sk_end, m.limit, m.consistent, now()));
                   },
                   [&](ScanPartition& m) {
                     read(r, table.scan(m.partition, m.attribute, m.value, m.consistent, now()));
                   },
                   [&](IndexQuery& m) {
                     auto* idx = table.index(m.index);
                     if (!idx) return t_.ctx().net().fail(*r, Status::Error);
                     auto q = idx->query(m.key, m.limit, now());
                     if (q.throttled) return throttled(r, ThrottleReason::index_read);
                     ReadResult res;
                     res.items = std::move(q.items);
                     res.units = q.units;
                     res.bytes_read = static_cast<std::uint64_t>(items_bytes(res.items));
                     read(r, std::move(res));
                   },
                   [&](IndexApply& m) {
                     apply(m.index, m.updates);
                     t_.ctx().net().reply(*r, IndexApplied{});
                   }},
        r->body);
  }

  void apply(const std::string& index, const std::vector<IndexUpdate>& updates) {
    auto* idx = t_.table().index(index);
    double bytes = 0;
    for (const auto& u : updates) {
      idx->apply(u, now());
      bytes += static_cast<double>(u.bytes());
    }
    services::cpu(cfg_.costs.cpu_per_request + cfg_.costs.cpu_per_kb * bytes / 1024);
    services::disk_write(bytes);
  }

  // Sends, for each base partition of this node and each index, the longest run of pending
  // updates bound for one index node that the index partitions have capacity for.
  void propagate() {
    Rpc rpc(t_.ctx().net(), name_ + "/index-propagator");
    auto& table = t_.table();
    while (true) {
      bool sent = false;
      for (int p = index_; p < table.partitions(); p += t_.nodes())
        for (auto& idx : table.indexes()) {
          const auto batch = idx->peek(p, static_cast<std::size_t>(cfg_.index_batch));
          std::vector<IndexUpdate> run;
          int target = -1;
          for (const auto& u : batch) {
            const std::string key =
                u.item && idx->key_of(*u.item) ? idx->key_of(*u.item)->first : u.base_pk;
            const int ip = idx->partition_of(key);
            const int node = t_.node_of_partition(ip);
            if (target >= 0 && node != target) break;
            if (!idx->try_write(ip, storage::nosql::write_units(u.bytes()), now())) break;
            target = node;
            run.push_back(u);
          }
          if (run.empty()) continue;
          ++t_.stats().index_batches;
          if (target == index_) {
            apply(idx->options().name, run);
          } else if (!rpc.call(t_.endpoint(target), IndexApply{idx->options().name, run},
                               CallOptions{1.0, 0})
                          .ok()) {
            ++t_.stats().index_batches_failed;
            continue;  // stays pending; the capacity spent is lost, as a failed write's would be
          }
          idx->acknowledge(p, run.size());
          sent = true;
        }
      if (!sent) sg4::this_actor::sleep_for(cfg_.index_propagation_interval);
    }
  }

  NoSqlTable& t_;
  const NoSqlConfig& cfg_;
  int index_;
  std::shared_ptr<std::uint64_t> lives_;
  std::string name_;
  std::unique_ptr<WorkerPool<Request>> pool_;
};

}  // namespace

NoSqlTable::NoSqlTable(RunContext& ctx, std::string name, NoSqlConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      table_(std::make_shared<storage::nosql::Table>(cfg_.options())) {}

storage::nosql::SecondaryIndex& NoSqlTable::add_index(storage::nosql::IndexOptions options) {
  return table_->add_index(std::move(options));
}

void NoSqlTable::start(const std::vector<std::string>& hosts) {
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    names_.push_back(fmt::format("{}-{}", name_, i));
    endpoints_.push_back(ctx_.net().register_service<NoSqlProtocol>(names_.back(), hosts[i]));
    lives_.push_back(std::make_shared<std::uint64_t>(0));
  }
  for (int i = 0; i < nodes(); ++i) {
    auto lives = lives_[i];
    spawn_service<NoSqlProtocol>(ctx_.net(), endpoints_[i], [this, i, lives] {
      return std::make_unique<StorageNode>(*this, i, lives);
    });
  }
}

int NoSqlTable::index_partition_of(const std::string& index, const std::string& key) const {
  for (const auto& idx : table_->indexes())
    if (idx->options().name == index) return idx->partition_of(key);
  return 0;
}

std::size_t NoSqlTable::index_pending() const {
  std::size_t n = 0;
  for (const auto& idx : table_->indexes()) n += idx->pending();
  return n;
}

}  // namespace sdsim::nosql_service
