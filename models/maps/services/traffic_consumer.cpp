// The traffic consumer: the log's consumer group "traffic", one member on the traffic host.
// Every location event it reads brings its batch's points, each adding its speed to its
// arc's estimate (the traffic service that updates edge speeds); it commits after each poll.
// What it sees is counted: events, duplicates (a batch's event read again: the batch was
// published twice, or re-read after a restart), batches of a user read out of order, and
// the lag from the event's hand-over to the producer to its first reading.
#include <algorithm>

#include "models/maps/services/location_service.hpp"
#include "sim/services/log/consumer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::maps {

void start_traffic_consumer(RunContext& ctx, const std::shared_ptr<Experiment>& e) {
  const std::string host = ctx.hosts_with_role("traffic").front();
  auto lives = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  sg4::Actor::create("traffic-consumer", ctx.host(host), [e, lives] {
    sg4::Actor::self()->daemonize();
    LocationState& s = e->location;
    log_service::LogConsumer consumer(*s.log, e->cfg.location.consumer, s.group, 0, ++*lives,
                                      "traffic-consumer");
    while (true) {
      const log_service::Poll poll = consumer.poll();
      if (poll.empty()) continue;
      const double now = sg4::Engine::get_clock();
      for (log_service::RecordId id : poll.records) {
        const LocationEvent& ev = s.events.at(std::size_t(id));
        BatchRecord& b = s.batches[ev.batch];
        ++s.n.events_consumed;
        if (b.consumptions++ > 0) {
          ++s.n.duplicate_events;
          continue;  // its points are applied once
        }
        b.consumed = now;
        const double lag = now - ev.handed;
        s.n.lag_max = std::max(s.n.lag_max, lag);
        s.n.lag_sum += lag;
        ++s.n.lag_count;
        std::uint32_t& next = s.consumed_seq[b.user];
        if (b.seq + 1 < next) ++s.n.out_of_order;
        next = std::max(next, b.seq + 1);
        for (std::uint32_t k = 0; k < b.points; ++k) {
          const GpsPoint& p = s.points[b.first_point + k];
          if (p.speed <= 0) continue;  // a user stranded (no route out of its node): no fix
          ArcSpeed& a = s.arcs[p.arc];
          ++a.points;
          a.speed_sum += p.speed;
          ++s.n.traffic_points;
        }
      }
      consumer.commit(poll);
    }
  })->set_auto_restart(true);
}

}  // namespace sdsim::maps
