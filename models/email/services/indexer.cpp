#include "models/email/services/indexer.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/services/log/consumer.hpp"
#include "sim/services/search/search_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::email {

void start_indexer(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("search").front();
  auto lives = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  sg4::Actor::create("indexer", sg4::Host::by_name(host), [&x, lives] {
    sg4::Actor::self()->daemonize();
    if (++*lives > 1) ++x.n.indexer_restarts;
    log_service::LogConsumer consumer(x.log, x.cfg.consumer, x.index_group, 0, *lives, "indexer");
    search_service::SearchClient search(consumer.rpc(), x.search->endpoint());
    while (true) {
      const log_service::Poll poll = consumer.poll();
      if (poll.empty()) continue;
      for (log_service::RecordId id : poll.records) {
        storage::search::Document doc{fmt::format("{}", id), {{"text", x.emails.emails.at(id).text}}};
        while (!search.index(doc).ok()) ++x.n.index_retries;
        const double now = sg4::Engine::get_clock();
        if (x.freshness.indexed(id, now, x.cfg.search.refresh_interval))
          x.records.at(id).indexed = now;
      }
      consumer.commit(poll);
    }
  })->set_auto_restart(true);
}

void start_visibility_watch(Experiment& x) {
  x.ctx.timeline().spawn_nature("email/index-watch", [&x] {
    const double interval = x.cfg.search.refresh_interval;
    for (long k = 1;; ++k) {
      const double refresh = double(k) * interval;
      // Just after the node's scheduled refresh at `refresh` (its refresher keeps that grid).
      sg4::this_actor::sleep_until(refresh + interval * 1e-3);
      for (auto it = x.awaiting_search.begin(); it != x.awaiting_search.end();) {
        if (!x.search->index().visible(fmt::format("{}", *it))) {
          ++it;
          continue;
        }
        x.records.at(*it).searchable = refresh;
        x.freshness.observed(*it, refresh);
        it = x.awaiting_search.erase(it);
      }
    }
  });
}

}  // namespace sdsim::email
