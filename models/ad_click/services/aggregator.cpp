#include "models/ad_click/services/aggregator.hpp"

#include <fmt/format.h>

#include <optional>

#include "sim/model/run_context.hpp"
#include "sim/services/kv/kv_client.hpp"
#include "sim/services/log/consumer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::ad_click {
namespace {

using kv_service::Consistency;
using storage::lsm::Value;

class Aggregator {
 public:
  Aggregator(Experiment& x, int node, std::uint64_t incarnation)
      : x_(x),
        node_(node),
        rec_(x.nodes.at(std::size_t(node))),
        consumer_(x.log, x.cfg.consumer, x.groups.at(std::size_t(node)), 0, incarnation,
                  fmt::format("aggregator-{}", node)),
        kv_(consumer_.rpc(), x.store) {}

  void run() {
    restore();
    while (true) {
      const log_service::Poll poll = consumer_.poll();
      if (poll.empty()) continue;
      const std::uint64_t before = rec_.clicks_read;
      read(poll);
      const double busy = double(rec_.clicks_read - before) * x_.cfg.aggregation.cpu_per_click;
      if (busy > 0) sg4::this_actor::sleep_for(busy);
      rec_.busy += busy;
      std::vector<std::pair<int, ClosedWindow>> closed;
      for (auto& [p, windows] : state_.partitions) {
        auto ready = state_.ended.count(p) ? windows.close_all() : windows.close_ready();
        for (ClosedWindow& w : ready) closed.emplace_back(p, std::move(w));
      }
      rec_.positions = state_.positions;
      if (!closed.empty()) {
        store(closed);
        commit(poll);
      }
      caught_up();
      rec_.done = state_.ended.size() == state_.partitions.size() && !open_windows();
    }
  }

 private:
  // A restarted node starts from its last snapshot (exactly-once) or empty (at-least-once).
  void restore() {
    const Topic& t = *x_.topics.at(std::size_t(node_));
    for (int p = t.first; p < t.first + t.partitions; ++p)
      state_.partitions.emplace(p, PartitionWindows(x_.cfg.windows.size, x_.cfg.windows.watermark,
                                                    x_.cfg.clicks.filter_countries));
    if (x_.cfg.aggregation.delivery != DeliveryMode::exactly_once || !rec_.snapshot) return;
    while (!kv_.get(fmt::format("checkpoint/{}", node_), Consistency::quorum).ok()) {
    }
    state_ = *rec_.snapshot;
  }

  bool open_windows() const {
    for (const auto& [p, w] : state_.partitions)
      if (w.has_open_windows()) return true;
    return false;
  }

  void read(const log_service::Poll& poll) {
    const double now = sg4::Engine::get_clock();
    for (const auto& [p, ids] : poll.by_partition) {
      log_service::Offset end = 0;
      for (const auto& [cp, off] : poll.commit.offsets)
        if (cp == p) end = off;
      log_service::Offset offset = end - log_service::Offset(ids.size());
      PartitionWindows& windows = state_.partitions.at(p);
      auto& position = state_.positions[p];
      for (log_service::RecordId id : ids) {
        const log_service::Offset at = offset++;
        if (at < position) continue;  // already in the restored state
        position = at + 1;
        const Delivery& d = x_.clicks.deliveries.at(id);
        if (d.end_marker) {
          state_.ended.insert(p);
          continue;
        }
        const ClickEvent& e = x_.clicks.events[d.event];
        rec_.lag = std::max(rec_.lag, now - d.arrival);
        const double t = x_.cfg.windows.time == TimeDomain::event ? e.time : now;
        ++rec_.clicks_read;
        if (windows.add(Click{d.event, e.ad, e.country, t}, at) == Verdict::late)
          x_.late_side_output.insert(d.event);
      }
    }
  }

  void store(const std::vector<std::pair<int, ClosedWindow>>& closed) {
    const bool upsert = x_.cfg.aggregation.delivery == DeliveryMode::exactly_once;
    for (const auto& [p, w] : closed) {
      const std::string key = fmt::format("agg/{}/{}", p, w.window);
      std::size_t entries = 0;
      for (const AdCount& a : w.ads) entries += a.by_filter.size();
      if (!upsert) get(key);  // read the stored counts to add to them
      put(key, double(entries));
      StoredRow& row = x_.rows[{p, w.window}];
      const double now = sg4::Engine::get_clock();
      if (row.events.empty()) row.first_stored = now;
      if (upsert) {
        row.events.clear();
        row.counts.clear();
      }
      for (const AdCount& a : w.ads) {
        auto& events = row.events[a.ad];
        events.insert(events.end(), a.events.begin(), a.events.end());
        for (const auto& [f, n] : a.by_filter) row.counts[{a.ad, f}] += n;
        for (std::uint64_t e : a.events)
          if (!x_.stored[e]) {
            x_.stored[e] = true;
            x_.latency.add(now - x_.clicks.events[e].time);
          }
      }
      reduce(p, w);
    }
    if (upsert) snapshot();
  }

  // The node's share of the reduce step: once all its partitions closed a window, its top N
  // over the last top_windows windows goes to the reducer.
  void reduce(int p, const ClosedWindow& w) {
    auto& totals = state_.recent[w.window];
    for (const AdCount& a : w.ads) totals[a.ad] += a.by_filter.at(0);
    (void)p;
    if (++state_.closed_partitions[w.window] < x_.topics.at(std::size_t(node_))->partitions) return;
    std::map<int, std::uint64_t> sliding;
    const int m = x_.cfg.windows.top_windows;
    for (auto it = state_.recent.lower_bound(w.window - m + 1);
         it != state_.recent.end() && it->first <= w.window; ++it)
      for (const auto& [ad, n] : it->second) sliding[ad] += n;
    // A split hot ad's count here is partial: it goes to the reducer whatever its rank.
    std::optional<Ranked> partial;
    if (x_.cfg.aggregation.hot_split > 1 && sliding.count(0)) {
      partial = Ranked{0, sliding.at(0)};
      sliding.erase(0);
    }
    auto top = top_n(sliding, x_.cfg.windows.top);
    if (partial) top.push_back(*partial);
    x_.node_tops[w.window][node_] = std::move(top);
    state_.closed_partitions.erase(w.window);
    while (!state_.recent.empty() && state_.recent.begin()->first <= w.window - m)
      state_.recent.erase(state_.recent.begin());
  }

  void snapshot() {
    std::size_t entries = 0;
    for (const auto& [p, w] : state_.partitions) entries += w.state_entries();
    put(fmt::format("checkpoint/{}", node_), double(entries + state_.positions.size()));
    rec_.snapshot = state_;
    ++rec_.snapshots;
  }

  void commit(const log_service::Poll& poll) {
    log_service::Poll c = poll;
    c.commit.offsets.clear();
    for (const auto& [p, position] : state_.positions) {
      const bool exactly = x_.cfg.aggregation.delivery == DeliveryMode::exactly_once;
      // Exactly-once commits what the snapshot covers (a restart reads the snapshot first);
      // at-least-once only what no open window still holds.
      const log_service::Offset at =
          exactly ? (rec_.snapshot
                         ? rec_.snapshot->positions.count(p) ? rec_.snapshot->positions.at(p) : 0
                         : 0)
                  : state_.partitions.at(p).first_open_offset(position);
      c.commit.offsets.emplace_back(p, at);
    }
    consumer_.commit(c);
  }

  void caught_up() {
    if (rec_.crashed_at < 0) return;
    for (const auto& [p, at] : rec_.positions_at_crash) {
      auto it = state_.positions.find(p);
      if (it == state_.positions.end() || it->second < at) return;
    }
    x_.recovery_time = std::max(x_.recovery_time, sg4::Engine::get_clock() - rec_.crashed_at);
    rec_.crashed_at = -1.0;
  }

  void get(const std::string& key) {
    while (true) {
      auto r = kv_.get(key, Consistency::quorum);
      x_.write_retries += std::uint64_t(r.retries);
      if (r.ok()) return;
    }
  }
  void put(const std::string& key, double entries) {
    const auto bytes = static_cast<std::uint32_t>(entries * x_.cfg.aggregation.row_bytes_per_entry);
    while (true) {
      auto r = kv_.put(key, Value::of_size(bytes), Consistency::quorum);
      x_.write_retries += std::uint64_t(r.retries);
      if (r.ok()) break;
    }
    ++x_.writes;
  }

  using Topic = log_service::Topic;
  Experiment& x_;
  int node_;
  NodeRecord& rec_;
  log_service::LogConsumer consumer_;
  kv_service::KvClient kv_;
  NodeState state_;
};

}  // namespace

void start_aggregator(Experiment& x, int node) {
  const std::string host = x.ctx.hosts_with_role("aggregator").at(std::size_t(node));
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  auto actor = sg4::Actor::create(fmt::format("aggregator-{}", node), sg4::Host::by_name(host),
                                  [&x, node, incarnations] {
                                    sg4::Actor::self()->daemonize();
                                    if (++*incarnations > 1)
                                      ++x.nodes.at(std::size_t(node)).restarts;
                                    Aggregator(x, node, *incarnations).run();
                                  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::ad_click
