#include "models/message_queue/services/processor.hpp"

#include <map>

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/services/log/consumer.hpp"
#include "sim/services/log/transactions.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {
namespace {

void process_loop(Experiment& x, int index, std::uint64_t incarnation) {
  const std::string name = fmt::format("consumer-{}", index);
  log_service::ConsumerConfig reading = x.cfg.consumer.client;
  reading.read_committed = false;  // the input topic has no transactions
  log_service::LogConsumer input(x.log, reading, x.processor_group, index, incarnation, name);
  // One inbox for the consumer's fetches and the transactional producer's requests.
  log_service::TransactionalProducer output(x.log, x.cfg.processor, index, input.rpc());
  output.init();
  while (true) {
    const log_service::Poll poll = input.poll();
    if (poll.empty()) continue;
    std::map<int, std::vector<RecordId>> records;  // output partition -> records
    for (const auto& [p, ids] : poll.by_partition) {
      auto& out = records[x.output->first + (p - x.input->first)];
      out.insert(out.end(), ids.begin(), ids.end());
    }
    if (output.run(records, poll.commit, x.cfg.consumer.process_time)) continue;
    // Aborted or unknown: re-initialise (fencing a request still in flight) and read the
    // group's committed offsets again.
    output.init();
    input.refresh_assignment();
    input.reset();
  }
}

}  // namespace

void start_processor(Experiment& x, int index) {
  const std::string host = x.ctx.hosts_with_role("consumer").at(index);
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  auto actor = sg4::Actor::create(fmt::format("consumer-{}", index), sg4::Host::by_name(host),
                                  [&x, index, incarnations] {
                                    sg4::Actor::self()->daemonize();
                                    process_loop(x, index, ++*incarnations);
                                  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::message_queue
