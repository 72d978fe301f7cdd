#include "sim/net/net.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/net/inbox.hpp"
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
    case Status::Retry: return "retry";
  }
  return "?";
}

Net::Net(const PlatformInfo& platform, const NetworkState& partitions, std::uint64_t seed,
         bool network)
    : platform_(platform), partitions_(partitions), seed_(seed), network_(network) {
  for (std::size_t i = 0; i < platform.hosts.size(); ++i) {
    const auto& name = platform.hosts[i].name;
    index_by_name_[name] = static_cast<int>(i);
    auto* h = sg4::Host::by_name(name);
    hosts_.push_back(h);
    index_by_host_[h] = static_cast<int>(i);
  }
  epochs_.assign(hosts_.size(), 0);
}

void Net::host_going_down(const std::string& host_name) {
  const int host = host_index(host_name);
  if (host < 0) return;
  ++epochs_[host];
  for (Address& a : addresses_)
    if (a.host == host && a.mailbox != nullptr) a.mailbox->set_receiver(nullptr);
}

int Net::host_index(const std::string& host_name) const {
  auto it = index_by_name_.find(host_name);
  return it == index_by_name_.end() ? -1 : it->second;
}

int Net::host_index(const sg4::Host* host) const {
  auto it = index_by_host_.find(host);
  return it == index_by_host_.end() ? -1 : it->second;
}

int Net::here() const { return host_index(sg4::this_actor::get_host()); }

const std::string& Net::host_name(int index) const { return platform_.hosts.at(index).name; }

Address& Net::add_address(const std::string& name, const std::string& host_name, bool service) {
  const int host = host_index(host_name);
  if (host < 0) throw std::logic_error("address " + name + " on unknown host " + host_name);
  if (service && services_.count(name)) throw std::logic_error("service " + name + " registered twice");
  addresses_.push_back(Address{name, host, nullptr, 0});
  Address& a = addresses_.back();
  if (service) services_[name] = &a;
  return a;
}

Address& Net::inbox_address(const std::string& name, int host) {
  addresses_.push_back(Address{name, host, nullptr, 0});
  return addresses_.back();
}

sg4::Mailbox* Net::reincarnate(Address& a, Inbox* direct) {
  ++a.incarnation;
  // Services keep their plain name while they live their first life; inboxes are numbered
  // per name, so two actors' inboxes of one name never share a mailbox.
  std::string box = a.name;
  if (services_.count(a.name) && services_.at(a.name) == &a) {
    if (a.incarnation > 1) box += "#" + std::to_string(a.incarnation);
  } else {
    const int n = ++inbox_names_[a.name];
    if (n > 1) box += "#" + std::to_string(n);
  }
  a.mailbox = sg4::Mailbox::by_name(box);
  a.epoch = epochs_[a.host];
  // Without a network, messages to this mailbox go to `direct` from now on.
  if (!network_) direct_[a.mailbox] = direct;
  // Eager delivery: messages land in the mailbox even while the actor is busy, as on TCP.
  a.mailbox->set_receiver(sg4::Actor::self());
  return a.mailbox;
}

void Net::trace_send(const Envelope& e, const sg4::Mailbox* box, int dst_host, double bytes,
                     std::string_view fate) {
  const int src = e.src_host >= 0 ? e.src_host : 0;
  const std::string actor = sg4::Actor::self() ? sg4::this_actor::get_name() : std::string("maestro");
  trace_->send(sg4::Engine::get_clock(), src, host_name(src), actor, e.id, e.name(),
               dst_host >= 0 ? host_name(dst_host) : std::string_view("?"),
               box ? box->get_name() : std::string_view("(no receiver)"), bytes, fate);
}

void Net::post(sg4::Mailbox* box, int dst_host, std::uint64_t epoch, std::unique_ptr<Envelope> e,
               double bytes) {
  ++sent_;
  if (partitions_.blocked(e->src_host, dst_host)) {
    ++dropped_;
    if (trace_) trace_send(*e, box, dst_host, bytes, "cut");
    return;
  }
  // A message to a dead host, or to an address no actor has opened yet, is lost (SimGrid
  // would abort on a mailbox whose receiver is gone).
  if (box == nullptr || !hosts_[dst_host]->is_on() || epoch != epochs_[dst_host]) {
    ++undeliverable_;
    if (trace_) trace_send(*e, box, dst_host, bytes, "lost");
    return;
  }
  if (trace_) trace_send(*e, box, dst_host, bytes, "sent");
  if (!network_) {
    // No network: straight into the receiver's inbox. A mailbox whose actor has ended is read
    // by nobody, as a SimGrid mailbox would be: the message is dropped.
    auto it = direct_.find(box);
    if (it != direct_.end()) it->second->deliver(std::move(e));
    return;
  }
  // Detached: a sender is never failed by its peer's fate; an undelivered payload is freed.
  box->put_init(e.release(), static_cast<std::uint64_t>(std::llround(bytes)))
      ->detach([](void* p) { delete static_cast<Envelope*>(p); });
}

std::uint64_t Net::send_letter(const Address& to, std::unique_ptr<Envelope> e, double bytes,
                              const SendOptions& opt) {
  e->id = opt.id ? opt.id : next_message_id();
  e->src_host = opt.src_host >= 0 ? opt.src_host : here();
  if (opt.reply_to) {
    e->reply_to = opt.reply_to->mailbox;
    e->reply_epoch = opt.reply_to->epoch;
  }
  e->idempotency_key = opt.idempotency_key;
  e->sent_at = sg4::Engine::get_clock();
  const std::uint64_t id = e->id;
  post(to.mailbox, to.host, to.epoch, std::move(e), bytes);
  return id;
}

void Net::reply_envelope(const Envelope& request, std::unique_ptr<Envelope> e, double bytes) {
  e->id = request.id;
  e->src_host = here();  // partitions cut replies too
  e->sent_at = sg4::Engine::get_clock();
  post(request.reply_to, request.src_host, request.reply_epoch, std::move(e), bytes);
}

}  // namespace sdsim
