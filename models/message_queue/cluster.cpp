#include "models/message_queue/cluster.hpp"

#include <limits>

#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {

void MqStats::producer_failing(bool failing, bool was_failing, double now) {
  if (failing == was_failing) return;
  if (failing) {
    if (failing_producers++ == 0) failing_since = now;
  } else if (--failing_producers == 0) {
    unavailable_time += now - failing_since;
  }
}

std::vector<int> Cluster::replicas(int partition) const {
  std::vector<int> r;
  for (int k = 0; k < cfg.replication_factor; ++k) r.push_back((partition + k) % cfg.brokers);
  return r;
}

void Cluster::send(const Endpoint& dst, const char* op, std::any body, double bytes, int src_host,
                   sg4::Mailbox* reply_to, std::uint64_t id) {
  auto msg = std::make_unique<Message>();
  msg->id = id ? id : net.next_message_id();
  msg->op = op;
  msg->src_host = src_host;
  msg->reply_to = reply_to;
  msg->body = std::move(body);
  ++stats.net_messages;
  net.send(dst, std::move(msg), bytes);
}

void Cluster::reply(const Message& req, const char* op, std::any body, double bytes, int src_host) {
  if (req.reply_to == nullptr) return;
  auto msg = std::make_unique<Message>();
  msg->op = op;  // (Net::reply names a reply after its request)
  msg->src_host = src_host;
  msg->body = std::move(body);
  ++stats.net_messages;
  net.reply(req, std::move(msg), bytes);
}

void Cluster::event(const std::string& kind, const std::string& target, const std::string& detail) {
  ctx.event(kind, target, detail);
}

void spawn_mq_service(Net& net, const std::string& name, HandlerFactory factory) {
  const Endpoint& ep = net.service(name);
  auto* host = sg4::Host::by_name(net.host_name(ep.host));
  auto actor = sg4::Actor::create(name, host, [box = ep.mailbox, factory]() {
    sg4::Actor::self()->daemonize();
    Inbox inbox(box);
    const double started = sg4::Engine::get_clock();
    auto handler = factory();
    handler->start();
    while (true) {
      auto msg = inbox.wait_until(std::numeric_limits<double>::infinity());
      if (msg && msg->sent_at >= started) handler->handle(std::move(msg));  // never an older incarnation's
    }
  });
  actor->set_auto_restart(true);
}

Inbox::Inbox(sg4::Mailbox* box) : box_(box) { box_->set_receiver(sg4::Actor::self()); }

// No simcall here: an actor being killed unwinds through it (SimGrid cancels the activities
// of an actor that ends). The pending receive is let go rather than destroyed, which would
// print a "destroyed while pending" backtrace when the run kills its daemons.
Inbox::~Inbox() {
  if (pending_) (void)pending_.detach();
}

std::unique_ptr<Message> Inbox::wait_until(double deadline) {
  while (true) {
    if (!pending_) pending_ = box_->get_async<Message>(&slot_);
    const double left = deadline - sg4::Engine::get_clock();
    if (left <= 0 && !pending_->test()) return nullptr;
    try {
      if (sg4::Comm::wait_any_for({pending_}, std::max(left, 0.0)) < 0) return nullptr;
    } catch (const simgrid::NetworkFailureException&) {
      pending_ = nullptr;  // the sender died mid-transfer: that message is lost
      continue;
    }
    pending_ = nullptr;
    return std::unique_ptr<Message>(slot_);
  }
}

}  // namespace sdsim::mq
