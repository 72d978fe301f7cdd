#include "sim/workload/clients.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "sim/metrics/recorder.hpp"
#include "sim/net/inbox.hpp"
#include "sim/net/rpc.hpp"
#include "sim/workload/workload.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim {
namespace {

struct Pending {
  double start;
  std::string_view op;
  std::string_view server;
};

// State shared by one open-loop client's generator and collector.
struct OpenClient {
  std::string name;
  int host = -1;
  std::unordered_map<std::uint64_t, Pending> pending;
  std::deque<std::uint64_t> sent_order;  // ids in send order: the oldest deadline first
  bool done_sending = false;
  sg4::ConditionVariablePtr drained = sg4::ConditionVariable::create();
  const Address* inbox = nullptr;  // opened by the collector
  sg4::ConditionVariablePtr inbox_open = sg4::ConditionVariable::create();
  sg4::MutexPtr mutex = sg4::Mutex::create();
};

// How many of `total` requests client `i` of `n` issues; no limit when the workload sets no
// `requests:` (total 0). With fewer requests than clients some clients issue none.
std::optional<std::uint64_t> share_of(std::uint64_t total, int i, int n) {
  if (total == 0) return std::nullopt;
  return total / n + (static_cast<std::uint64_t>(i) < total % n ? 1 : 0);
}

void record(const ClientEnv& ctx, std::uint64_t id, const Pending& p, const std::string& client,
            double end, const char* outcome, int retries) {
  ctx.recorder().request(
      RequestRecord{id, p.op, client, p.server, p.start, end, outcome, retries});
}

// With a time-out, requests are given up at start + timeout, when it happens, so that the
// time series sees failures as they occur. Returns false when nothing is pending with a deadline.
bool expire_due(const ClientEnv& ctx, OpenClient& c, double timeout, double& next_deadline) {
  const double now = sg4::Engine::get_clock();
  while (!c.sent_order.empty()) {
    auto it = c.pending.find(c.sent_order.front());
    if (it == c.pending.end()) {  // already answered
      c.sent_order.pop_front();
      continue;
    }
    const double deadline = it->second.start + timeout;
    if (deadline > now) {
      next_deadline = deadline;
      return true;
    }
    record(ctx, it->first, it->second, c.name, deadline, "timeout", 0);
    c.pending.erase(it);
    c.sent_order.pop_front();
  }
  return false;
}

// The collector: receives replies and judges them against the client's time-out.
void collect(const ClientEnv& ctx, std::shared_ptr<OpenClient> c) {
  Inbox inbox(ctx.net(), "reply:" + c->name);
  c->inbox = &inbox.address();
  c->inbox_open->notify_all();
  const double timeout = ctx.workload().timeout;
  while (true) {
    std::unique_ptr<Envelope> rep;
    double next_deadline = 0.0;
    if (timeout > 0) {
      // Nothing pending: any request sent from now on expires after now + timeout, so waking
      // up then is early enough.
      if (!expire_due(ctx, *c, timeout, next_deadline))
        next_deadline = sg4::Engine::get_clock() + timeout;
      rep = inbox.wait_until(next_deadline);
    } else {
      rep = inbox.wait();
    }
    if (rep) {
      auto it = c->pending.find(rep->id);
      if (it != c->pending.end()) {
        record(ctx, rep->id, it->second, c->name, sg4::Engine::get_clock(), status_name(rep->status), 0);
        c->pending.erase(it);
      }
    }
    if (c->done_sending && c->pending.empty()) c->drained->notify_all();
  }
}

// The generator: sends at the arrival process's times until its quota or the duration ends,
// then waits for outstanding replies (at most the time-out, or `drain` without one).
void generate(const ClientEnv& ctx, std::shared_ptr<OpenClient> c, int index, int clients,
              RequestMaker make) {
  if (c->inbox == nullptr) {  // the collector opens the inbox replies come to
    std::unique_lock lock(*c->mutex);
    while (c->inbox == nullptr) c->inbox_open->wait(lock);
  }
  const WorkloadSpec& w = ctx.workload();
  auto rng = ctx.stream(c->name);
  ArrivalProcess arrivals(w, 1.0 / clients, index, clients);
  KeyChooser keys(w.keys);
  const std::optional<std::uint64_t> quota = share_of(w.requests, index, clients);
  const double stop_at = w.duration > 0 ? w.duration : std::numeric_limits<double>::infinity();
  std::uint64_t sent = 0;
  double t = 0.0;
  while (!quota || sent < *quota) {
    t = arrivals.next_arrival(t, rng);
    if (t >= stop_at) break;
    sg4::this_actor::sleep_until(t);
    const std::uint64_t seq = sent * clients + index;
    ClientRequest req = make(seq, keys.next(rng), rng);
    const std::uint64_t id = ctx.net().next_message_id();
    c->pending.emplace(id, Pending{t, req.op, req.to->name});
    if (w.timeout > 0) c->sent_order.push_back(id);
    ctx.net().send_letter(*req.to, std::move(req.letter), req.bytes, SendOptions{c->inbox, c->host, id});
    ++sent;
  }
  c->done_sending = true;
  const double wait = w.timeout > 0 ? w.timeout : w.drain;
  const double deadline = sg4::Engine::get_clock() + wait;
  std::unique_lock lock(*c->mutex);
  while (!c->pending.empty() && sg4::Engine::get_clock() < deadline)
    c->drained->wait_until(lock, deadline);
  // Whatever is still outstanding was never answered in time (recorded in id order, never in
  // hash-map order, so that outputs are reproducible).
  std::vector<std::uint64_t> left;
  for (const auto& entry : c->pending) left.push_back(entry.first);
  std::sort(left.begin(), left.end());
  for (auto id : left) {
    const Pending& p = c->pending.at(id);
    record(ctx, id, p, c->name, w.timeout > 0 ? p.start + w.timeout : sg4::Engine::get_clock(),
           w.timeout > 0 ? "timeout" : "unanswered", 0);
  }
  c->pending.clear();
}

void closed_loop(const ClientEnv& ctx, const std::string& name, int host, int index, int clients,
                 RequestMaker make) {
  const WorkloadSpec& w = ctx.workload();
  auto rng = ctx.stream(name);
  KeyChooser keys(w.keys);
  Rpc rpc(ctx.net(), name);
  const std::optional<std::uint64_t> quota = share_of(w.requests, index, clients);
  CallOptions opt;
  opt.timeout = w.timeout > 0 ? w.timeout : -1.0;
  opt.retries = w.retries;
  opt.backoff = w.backoff;
  for (std::uint64_t sent = 0; !quota || sent < *quota; ++sent) {
    if (w.think_time > 0) sg4::this_actor::sleep_for(rng.exponential(w.think_time));
    const double start = sg4::Engine::get_clock();
    if (w.duration > 0 && start >= w.duration) break;
    ClientRequest req = make(sent * clients + index, keys.next(rng), rng);
    Rpc::Outcome r = rpc.call_letter(*req.to, *req.letter, req.bytes, opt);
    const std::uint64_t id = r.reply ? r.reply->id : ctx.net().next_message_id();
    record(ctx, id, Pending{start, req.op, req.to->name}, name, sg4::Engine::get_clock(),
           status_name(r.status), r.retries);
  }
}

}  // namespace

void start_clients(const ClientEnv& ctx, const std::vector<std::string>& hosts, RequestMaker make) {
  const int n = ctx.workload().clients;
  for (int i = 0; i < n; ++i) {
    const std::string& host_name = hosts.at(static_cast<std::size_t>(i) % hosts.size());
    sg4::Host* host = sg4::Host::by_name(host_name);
    const int host_index = ctx.net().host_index(host_name);
    const std::string name = "client-" + std::to_string(i);
    if (ctx.workload().loop == "closed") {
      auto actor = sg4::Actor::create(name, host, [ctx, name, host_index, i, n, make] {
        closed_loop(ctx, name, host_index, i, n, make);
      });
      actor->daemonize();
      if (ctx.add_load) ctx.add_load(actor);
      continue;
    }
    auto c = std::make_shared<OpenClient>();
    c->name = name;
    c->host = host_index;
    sg4::Actor::create(name + "/collector", host, [ctx, c] { collect(ctx, c); })->daemonize();
    auto actor = sg4::Actor::create(name, host, [ctx, c, i, n, make] { generate(ctx, c, i, n, make); });
    actor->daemonize();
    if (ctx.add_load) ctx.add_load(actor);
  }
}

}  // namespace sdsim
