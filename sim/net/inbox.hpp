// An actor's receiving side: one address, opened by the actor itself (its host, a fresh
// mailbox for this life, the actor its eager receiver). wait_until() returns the next message
// or nullptr at the deadline, without an exception per time-out.
#pragma once

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

 private:
  Net& net_;
  Address* address_;
  simgrid::s4u::Mailbox* box_;
  simgrid::s4u::CommPtr pending_;
  Envelope* slot_ = nullptr;
};

}  // namespace sdsim
