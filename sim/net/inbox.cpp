#include "sim/net/inbox.hpp"

#include <cmath>

namespace sg4 = simgrid::s4u;

namespace sdsim {

Inbox::Inbox(Net& net, const std::string& name)
    : net_(net),
      address_(&net.inbox_address(name, net.here())),
      box_(net.reincarnate(*address_, this)) {}

Inbox::Inbox(Net& net, Address& service)
    : net_(net), address_(&service), box_(net.reincarnate(service, this)) {}

// No simcall here: an actor being killed unwinds through it. The pending receive is let go
// rather than destroyed (which would print a "destroyed while pending" backtrace when the run
// kills its daemons); its mailbox is abandoned with this life, so nothing is sent to it again.
Inbox::~Inbox() {
  if (pending_) (void)pending_.detach();
  if (!net_.network()) net_.detach(box_);
}

void Inbox::deliver(std::unique_ptr<Envelope> e) {
  queue_.push_back(std::move(e));
  if (waiter_ != nullptr) {
    sg4::Actor* w = waiter_;
    waiter_ = nullptr;
    w->resume();
  } else if (timed_) {
    wake_->notify_one();
  }
}

std::unique_ptr<Envelope> Inbox::wait_direct(double deadline) {
  while (queue_.empty()) {
    if (std::isinf(deadline)) {
      waiter_ = sg4::Actor::self();
      sg4::this_actor::suspend();  // until deliver() resumes it
      continue;
    }
    if (sg4::Engine::get_clock() >= deadline) return nullptr;
    if (!wake_) {
      mutex_ = sg4::Mutex::create();
      wake_ = sg4::ConditionVariable::create();
    }
    std::unique_lock lock(*mutex_);
    timed_ = true;
    wake_->wait_until(lock, deadline);
    timed_ = false;
  }
  auto e = std::move(queue_.front());
  queue_.pop_front();
  return e;
}

std::unique_ptr<Envelope> Inbox::wait_until(double deadline) {
  std::unique_ptr<Envelope> e = take(deadline);
  if (e && net_.trace()) {
    const int host = net_.here();
    net_.trace()->receive(sg4::Engine::get_clock(), host, net_.host_name(host), sg4::this_actor::get_name(), e->id,
                          e->name(), box_->get_name(), e->src_host);
  }
  return e;
}

std::unique_ptr<Envelope> Inbox::take(double deadline) {
  if (!net_.network()) return wait_direct(deadline);
  while (true) {
    if (!pending_ && std::isinf(deadline)) {  // the common case of a service loop: block
      try {
        return box_->get_unique<Envelope>();
      } catch (const simgrid::NetworkFailureException&) {
        continue;  // the sender died mid-transfer: that message is lost
      }
    }
    if (!pending_) pending_ = box_->get_async<Envelope>(&slot_);
    const double left = deadline - sg4::Engine::get_clock();
    if (left <= 0 && !pending_->test()) return nullptr;
    try {
      if (sg4::Comm::wait_any_for({pending_}, std::max(left, 0.0)) < 0) return nullptr;
    } catch (const simgrid::NetworkFailureException&) {
      pending_ = nullptr;
      continue;
    }
    pending_ = nullptr;
    return std::unique_ptr<Envelope>(slot_);
  }
}

}  // namespace sdsim
