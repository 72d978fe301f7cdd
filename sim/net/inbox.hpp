// An actor's receiving side: one address, opened by the actor itself (its host, a fresh
// mailbox for this life, the actor its eager receiver). wait_until() returns the next message
// or nullptr at the deadline, without an exception per time-out. Without a network
// (Net::network() false) messages are delivered into the inbox's own queue instead of its
// mailbox, and a waiting actor is woken directly.
#pragma once

#include <deque>
#include <limits>
#include <memory>
#include <string>

#include <simgrid/s4u.hpp>

#include "sim/net/net.hpp"

namespace sdsim {

class Inbox {
 public:
  // A new address named `name` on the calling actor's host (for replies to its requests).
  Inbox(Net& net, const std::string& name);
  // A service's own address: a new incarnation of it.
  Inbox(Net& net, Address& service);
  ~Inbox();
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  // The next message, or nullptr when `deadline` (s, absolute) comes first.
  std::unique_ptr<Envelope> wait_until(double deadline);
  std::unique_ptr<Envelope> wait() { return wait_until(std::numeric_limits<double>::infinity()); }

  const Address& address() const { return *address_; }
  int host() const { return address_->host; }
  Net& net() const { return net_; }

  // Without a network: Net hands a message over here, in the sender's instant.
  void deliver(std::unique_ptr<Envelope> e);

 private:
  std::unique_ptr<Envelope> wait_direct(double deadline);
  std::unique_ptr<Envelope> take(double deadline);  // wait_until without the trace

  // Without a network: what was delivered, and how the reader waits for more (suspended when
  // it waits forever, on a condition variable made on first use when it has a deadline).
  // Declared first: a message may be delivered while box_ is being opened.
  std::deque<std::unique_ptr<Envelope>> queue_;
  simgrid::s4u::Actor* waiter_ = nullptr;
  bool timed_ = false;
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr wake_;
  Net& net_;
  Address* address_;
  simgrid::s4u::Mailbox* box_;
  simgrid::s4u::CommPtr pending_;
  Envelope* slot_ = nullptr;
};

}  // namespace sdsim
