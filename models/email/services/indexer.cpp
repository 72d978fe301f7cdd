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
          x.records.at(id).searchable = searchable_at(now, x.cfg.search.refresh_interval);
      }
      consumer.commit(poll);
    }
  })->set_auto_restart(true);
}

}  // namespace sdsim::email
