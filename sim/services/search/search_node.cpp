#include "sim/services/search/search_node.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::search_service {

double query_bytes(const Query& q) {
  if (q.kind() == Query::Kind::term) return 32 + q.field().size() + q.value().size();
  double b = 8;
  for (const Query& c : q.clauses()) b += query_bytes(c);
  return b;
}

namespace {

using Request = std::unique_ptr<Letter<SearchProtocol>>;
using storage::search::SearchStats;
using storage::search::TranslogDurability;
double now() { return sg4::Engine::get_clock(); }

class SearchService : public ServiceHandler<SearchProtocol> {
 public:
  SearchService(RunContext& ctx, const std::string& name, const SearchConfig& cfg,
                std::shared_ptr<SearchDurable> d)
      : ctx_(ctx), name_(name), cfg_(cfg), d_(std::move(d)) {}

  void start(Inbox&) override {
    if (d_->lives++ > 0) restart();
    SearchService* self = this;  // the pools and the refresher die with this incarnation
    writes_ = std::make_unique<WorkerPool<Request>>(name_ + "/write", cfg_.write_threads,
                                                    [self](int, Request& r) { self->serve(r); });
    searches_ = std::make_unique<WorkerPool<Request>>(name_ + "/search", cfg_.search_threads,
                                                      [self](int, Request& r) { self->serve(r); });
    spawn_local(name_ + "/refresher", [self] { self->refresher(); });
  }
  void handle(Request r) override {
    if (std::holds_alternative<Search>(r->body))
      searches_->submit(std::move(r));
    else
      writes_->submit(std::move(r));
  }

 private:
  void restart() {
    SearchDurable& d = *d_;
    ++d.stats.restarts;
    const double begin = now();
    if (d.index.up()) d.index.crash();
    d.uncommitted_segment_bytes = 0;  // the page cache is gone; the segments are rebuilt
    d.uncommitted_segments = 0;
    d.unsynced_translog_bytes = 0;
    const SearchStats before = d.index.stats();
    const auto report = d.index.recover(begin);
    services::disk_read(static_cast<double>(report.disk.sequential_read_bytes));
    const auto& s = d.index.stats();
    const double tokens_per_doc =
        s.docs_indexed ? double(s.tokens_indexed) / double(s.docs_indexed) : 0;
    services::cpu(cfg_.costs.cpu_per_token * tokens_per_doc *
                  static_cast<double>(report.ops_replayed));
    charge(before, true);
    // What the translog did not keep is gone for good.
    for (const std::string& id : d.unsynced) d.stats.docs_lost += !d.index.visible(id);
    d.unsynced.clear();
    std::erase_if(d.awaiting, [&](const auto& a) { return !d.index.visible(a.first); });
    d.stats.recovery_seconds += now() - begin;
    ctx_.event("search_restart", name_,
               fmt::format("buffer and uncommitted segments lost; {} operations replayed",
                           report.ops_replayed));
  }

  // Charges what the shard did since `before` (translog, refreshes, merges, flushes).
  void charge(const SearchStats& before, bool recovering = false) {
    SearchDurable& d = *d_;
    const SearchStats& s = d.index.stats();
    const double translog = double(s.translog_bytes_written - before.translog_bytes_written);
    d.stats.translog_bytes_charged += translog;
    if (cfg_.translog_durability == TranslogDurability::request)
      write(translog);
    else
      d.unsynced_translog_bytes += translog;
    if (const auto syncs = s.translog_syncs - before.translog_syncs; syncs > 0) {
      write(d.unsynced_translog_bytes);
      d.unsynced_translog_bytes = 0;
      d.unsynced.clear();
      services::wait(cfg_.costs.fsync * static_cast<double>(syncs));
    }
    const double segment_bytes = double(s.segment_bytes_written - before.segment_bytes_written);
    services::wait(segment_bytes / cfg_.costs.memory_bandwidth);
    d.stats.segment_bytes_to_page_cache += segment_bytes;
    d.uncommitted_segment_bytes += segment_bytes;
    d.uncommitted_segments += s.segments_written - before.segments_written;
    services::disk_read(double(s.merge_bytes_read - before.merge_bytes_read));
    write(double(s.merge_bytes_written - before.merge_bytes_written));
    if (s.flushes > before.flushes) {
      write(d.uncommitted_segment_bytes);
      services::wait(cfg_.costs.fsync * static_cast<double>(d.uncommitted_segments + 1));
      d.uncommitted_segment_bytes = 0;
      d.uncommitted_segments = 0;
    }
    if (s.refreshes > before.refreshes) {
      const double t = now();
      std::erase_if(d.awaiting, [&](const auto& a) {
        if (!d.index.visible(a.first)) return false;
        (recovering ? d.stats.searchable_after_restart : d.stats.searchable_delay)
            .add(t - a.second);
        return true;
      });
    }
  }
  void write(double bytes) {
    services::disk_write(bytes);
    d_->stats.disk_bytes_written += bytes;
  }

  void serve(Request& r) {
    SearchDurable& d = *d_;
    Net& net = ctx_.net();
    const SearchStats before = d.index.stats();
    std::visit(
        overloaded{[&](IndexDoc& m) {
                     const std::string id = m.doc.id;
                     const auto res = d.index.index(std::move(m.doc), now());
                     services::cpu(cfg_.costs.cpu_per_token * double(res.tokens) +
                                   cfg_.costs.cpu_per_posting_indexed * double(res.unique_terms));
                     charge(before);
                     ++d.stats.docs_acknowledged;
                     d.awaiting.emplace_back(id, now());
                     if (!res.durable) d.unsynced.push_back(id);
                     net.reply(*r, IndexReply{res.seq_no, res.durable});
                   },
                   [&](DeleteDoc& m) {
                     const auto res = d.index.remove(m.id, now());
                     charge(before);
                     net.reply(*r, IndexReply{res.seq_no, res.durable});
                   },
                   [&](Search& m) {
                     auto res = d.index.search(m.query, m.size);
                     const auto& w = res.work;
                     services::cpu(cfg_.costs.cpu_per_query +
                                   cfg_.costs.cpu_per_posting_read * double(w.postings_read) +
                                   cfg_.costs.cpu_per_doc_scored * double(w.docs_scored));
                     ++d.stats.searches;
                     net.reply(*r, SearchReply{std::move(res.hits), res.total_hits, w});
                   },
                   [&](Refresh&) {
                     d.index.refresh(now());
                     charge(before);
                     net.reply(*r, AdminReply{});
                   },
                   [&](Flush&) {
                     d.index.flush(now());
                     charge(before);
                     net.reply(*r, AdminReply{});
                   }},
        r->body);
  }

  void refresher() {
    double next = (std::floor(now() / cfg_.refresh_interval) + 1) * cfg_.refresh_interval;
    while (true) {
      sg4::this_actor::sleep_until(next);
      const SearchStats before = d_->index.stats();
      d_->index.tick(now());  // the async translog's fsync, and the refresh when it is due
      if (d_->index.stats().refreshes == before.refreshes) d_->index.refresh(now());
      charge(before);
      next += cfg_.refresh_interval;
    }
  }

  RunContext& ctx_;
  const std::string& name_;
  const SearchConfig& cfg_;
  std::shared_ptr<SearchDurable> d_;
  std::unique_ptr<WorkerPool<Request>> writes_, searches_;
};

}  // namespace

SearchNode::SearchNode(RunContext& ctx, std::string name, const std::string& host, SearchConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<SearchProtocol>(name_, host)),
      durable_(std::make_shared<SearchDurable>(cfg_.options())) {}

void SearchNode::start() {
  RunContext& ctx = ctx_;
  const std::string& name = name_;
  const SearchConfig& cfg = cfg_;
  auto durable = durable_;
  spawn_service<SearchProtocol>(ctx.net(), endpoint_, [&ctx, &name, &cfg, durable] {
    return std::make_unique<SearchService>(ctx, name, cfg, durable);
  });
}

}  // namespace sdsim::search_service
