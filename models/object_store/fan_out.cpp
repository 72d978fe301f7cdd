#include "models/object_store/fan_out.hpp"

#include <unordered_map>

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

std::vector<Status> fan_out(Net& net, Caller& caller, std::vector<FanOutCall> calls, double timeout,
                            int enough) {
  std::vector<Status> status(calls.size(), Status::Timeout);
  std::unordered_map<std::uint64_t, std::size_t> waiting;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    auto m = std::make_unique<Message>();
    m->id = net.next_message_id();
    m->op = calls[i].op;
    m->src_host = caller.host();
    m->reply_to = caller.mailbox();
    m->body = std::move(calls[i].body);
    waiting[m->id] = i;
    net.send(*calls[i].dst, std::move(m), calls[i].bytes);
  }
  const double deadline = sg4::Engine::get_clock() + timeout;
  int ok = 0;
  while (!waiting.empty() && ok < enough) {
    const double left = deadline - sg4::Engine::get_clock();
    if (left <= 0) break;
    std::unique_ptr<Message> r;
    try {
      r = caller.mailbox()->get_unique<Message>(left);
    } catch (const simgrid::TimeoutException&) {
      break;
    } catch (const simgrid::NetworkFailureException&) {
      continue;
    }
    auto it = waiting.find(r->id);
    if (it == waiting.end()) continue;  // a late answer to an earlier request
    status[it->second] = r->status;
    if (r->status == Status::Ok) ++ok;
    waiting.erase(it);
  }
  return status;
}

}  // namespace sdsim::object_store
