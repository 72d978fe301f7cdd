#include "sim/net/net.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/net/network_state.hpp"
#include "sim/platform/platform.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim {

const char* status_name(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::Error: return "error";
    case Status::Timeout: return "timeout";
    case Status::Unavailable: return "unavailable";
  }
  return "?";
}

Net::Net(const PlatformInfo& platform, const NetworkState& partitions)
    : platform_(platform), partitions_(partitions) {
  for (std::size_t i = 0; i < platform.hosts.size(); ++i) {
    const auto& name = platform.hosts[i].name;
    index_by_name_[name] = static_cast<int>(i);
    auto* h = sg4::Host::by_name(name);
    hosts_.push_back(h);
    index_by_host_[h] = static_cast<int>(i);
  }
}

int Net::host_index(const std::string& host_name) const {
  auto it = index_by_name_.find(host_name);
  return it == index_by_name_.end() ? -1 : it->second;
}

int Net::host_index(const sg4::Host* host) const {
  auto it = index_by_host_.find(host);
  return it == index_by_host_.end() ? -1 : it->second;
}

const std::string& Net::host_name(int index) const { return platform_.hosts.at(index).name; }

Endpoint Net::register_service(const std::string& name, const std::string& host_name) {
  Endpoint e{sg4::Mailbox::by_name(name), host_index(host_name), name};
  if (e.host < 0) throw std::logic_error("service " + name + " on unknown host " + host_name);
  services_[name] = e;
  return e;
}

const Endpoint& Net::service(const std::string& name) const {
  auto it = services_.find(name);
  if (it == services_.end()) throw std::logic_error("unknown service " + name);
  return it->second;
}

void Net::post(sg4::Mailbox* box, int dst_host, std::unique_ptr<Message> msg, double bytes) {
  if (partitions_.blocked(msg->src_host, dst_host)) {
    ++dropped_;
    return;
  }
  // A message to a dead host is lost (SimGrid would abort on a mailbox whose receiver is gone).
  if (!hosts_[dst_host]->is_on()) {
    ++undeliverable_;
    return;
  }
  // Detached: a sender is never failed by its peer's fate; an undelivered payload is freed.
  box->put_init(msg.release(), static_cast<std::uint64_t>(std::llround(bytes)))
      ->detach([](void* p) { delete static_cast<Message*>(p); });
}

void Net::send(const Endpoint& dst, std::unique_ptr<Message> msg, double bytes) {
  msg->sent_at = sg4::Engine::get_clock();
  if (msg->src_host < 0) msg->src_host = host_index(sg4::this_actor::get_host());
  post(dst.mailbox, dst.host, std::move(msg), bytes);
}

void Net::reply(const Message& req, std::unique_ptr<Message> rep, double bytes) {
  rep->id = req.id;
  rep->op = req.op;
  rep->src_host = host_index(sg4::this_actor::get_host());  // partitions cut replies too
  rep->sent_at = sg4::Engine::get_clock();
  post(req.reply_to, req.src_host, std::move(rep), bytes);
}

Caller::Caller(Net& net, const std::string& actor_name, int host_index)
    : net_(net), box_(sg4::Mailbox::by_name("reply:" + actor_name)), host_(host_index) {
  // Eager delivery: replies land in the mailbox even while the caller is not waiting.
  box_->set_receiver(sg4::Actor::self());
}

std::unique_ptr<Message> Caller::wait_reply(std::uint64_t id, double deadline) {
  while (true) {
    std::unique_ptr<Message> m;
    try {
      if (deadline < 0) {
        m = box_->get_unique<Message>();
      } else {
        const double left = deadline - sg4::Engine::get_clock();
        if (left <= 0) return nullptr;
        m = box_->get_unique<Message>(left);
      }
    } catch (const simgrid::TimeoutException&) {
      return nullptr;
    } catch (const simgrid::NetworkFailureException&) {
      continue;  // a reply lost on the way: keep waiting for the deadline
    }
    if (m->id == id) return m;
    // A late reply to an attempt we gave up on: dropped.
  }
}

CallResult Caller::call(const Endpoint& dst, const char* op, std::any body, double request_bytes,
                        const CallOptions& opt) {
  CallResult result;
  double backoff = opt.backoff;
  for (int attempt = 0; attempt <= opt.retries; ++attempt) {
    if (attempt > 0) {
      sg4::this_actor::sleep_for(backoff);
      backoff *= 2;
      result.retries = attempt;
    }
    auto msg = std::make_unique<Message>();
    msg->id = net_.next_message_id();
    msg->op = op;
    msg->src_host = host_;
    msg->reply_to = box_;
    msg->body = body;
    const auto id = msg->id;
    const double deadline = opt.timeout < 0 ? -1.0 : sg4::Engine::get_clock() + opt.timeout;
    net_.send(dst, std::move(msg), request_bytes);
    auto reply = wait_reply(id, deadline);
    if (!reply) continue;  // timed out: retry if allowed
    result.status = reply->status;
    result.reply = std::move(reply);
    if (result.status == Status::Ok) return result;
  }
  return result;
}

void spawn_service(Net& net, const std::string& name, HandlerFactory factory) {
  const Endpoint& ep = net.service(name);
  auto* host = sg4::Host::by_name(net.host_name(ep.host));
  auto actor = sg4::Actor::create(name, host, [box = ep.mailbox, factory]() {
    sg4::Actor::self()->daemonize();  // every incarnation, not only the first
    box->set_receiver(sg4::Actor::self());
    // A restarted service never serves what was sent to its previous incarnation.
    const double started = sg4::Engine::get_clock();
    auto handler = factory();
    handler->start();
    while (true) {
      std::unique_ptr<Message> msg;
      try {
        msg = box->get_unique<Message>();
      } catch (const simgrid::NetworkFailureException&) {
        continue;  // the sender died mid-transfer: the message is lost, the service lives on
      }
      if (msg->sent_at < started) continue;
      handler->handle(std::move(msg));
    }
  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim
