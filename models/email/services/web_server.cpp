#include "models/email/services/web_server.hpp"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "sim/model/run_context.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/blob/blob_client.hpp"
#include "sim/services/kv/kv_client.hpp"
#include "sim/services/search/search_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::email {

namespace {

// One send on a web server thread: the attachment into the blob store, then the outgoing
// queue's acknowledgement. Each thread has one reply address for its whole life.
void send(Experiment& x, Rpc& rpc, std::uint64_t id) {
  const Email& m = x.emails.emails.at(id);
  EmailRecord& r = x.records.at(id);
  if (m.attachment > x.cfg.traffic.attachment_limit) {
    r.rejected = true;  // 552: message size exceeds the limit
    return;
  }
  if (m.attachment > 0) {
    blob_service::BlobClient blobs(*x.blob, rpc);
    while (!blobs.put(id, m.attachment).ok()) ++x.n.store_retries;
    ++x.n.blob_puts;
    x.n.attachment_bytes += m.attachment;
  }
  while (x.web_outbox->append(rpc, id, std::uint64_t(m.sender)) != Status::Ok) {
  }
  r.queued = sg4::Engine::get_clock();
}

constexpr int kWebThreads = 32;

}  // namespace

void start_web_servers(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("web").front();
  sg4::Actor::create("web-sends", sg4::Host::by_name(host), [&x] {
    auto rpcs = std::make_shared<std::vector<std::unique_ptr<Rpc>>>(kWebThreads);
    WorkerPool<std::uint64_t> threads("web-thread", kWebThreads, [&x, rpcs](int w, std::uint64_t& id) {
      auto& rpc = rpcs->at(std::size_t(w));
      if (!rpc) rpc = std::make_unique<Rpc>(x.ctx.net(), fmt::format("web-thread-{}", w));
      send(x, *rpc, id);
    });
    for (const Email& e : x.emails.emails) {
      if (e.route == Route::inbound) continue;
      sg4::this_actor::sleep_until(e.time);
      x.records.at(e.id).sent = sg4::Engine::get_clock();  // the user pressed send
      threads.submit(e.id);
    }
    sg4::this_actor::suspend();  // the pool's queue lives with this actor (and its host)
  })->daemonize();
}

void start_reader(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("web").front();
  sg4::Actor::create("web-reader", sg4::Host::by_name(host), [&x] {
    Rpc rpc(x.ctx.net(), "web-reader");
    kv_service::KvClient kv(rpc, x.store);
    search_service::SearchClient search(rpc, x.search->endpoint());
    RandomStream rng = x.ctx.stream("reader");
    const double end = x.ctx.workload().duration;
    for (double t = x.cfg.reader.interval; t < end; t += x.cfg.reader.interval) {
      sg4::this_actor::sleep_until(t);
      const int user = int(rng.below(std::uint64_t(x.cfg.traffic.users)));
      auto listing = x.mailboxes[user].list("INBOX", std::size_t(x.cfg.reader.list_size));
      const double start = sg4::Engine::get_clock();
      // The listing reads the folder's newest rows (one KV read for the page).
      kv.get(fmt::format("mail/{}/INBOX/{}", user, listing.empty() ? 0 : listing.front().uid),
             kv_service::Consistency::quorum);
      x.read_latency.add(sg4::Engine::get_clock() - start);
      ++x.n.reads;
      if (!listing.empty() && !listing.front().seen) {
        kv.put(fmt::format("flag/{}/{}", user, listing.front().uid), storage::lsm::Value::of_size(8),
               kv_service::Consistency::quorum);
        x.mailboxes[user].set_seen(listing.front().uid, true);
      }
      const double s0 = sg4::Engine::get_clock();
      auto r = search.search(storage::search::Query::term("text", "invoice"));
      if (r.ok()) {
        x.search_latency.add(sg4::Engine::get_clock() - s0);
        ++x.n.searches;
      }
    }
  })->daemonize();
}

}  // namespace sdsim::email
