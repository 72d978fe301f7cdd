// The network as services see it. Every place a message can go is an Address (a service, or
// an actor's inbox) on a platform host; each incarnation of the actor behind it gets a fresh
// mailbox, so a restarted service never receives what was sent to, or left pending by, its
// previous life. Messages are typed (message.hpp) and their wire size costs simulated
// bandwidth on the platform's links.
//
//   Net::send     one-way and detached: the sender never blocks and is never failed by its
//                 peer's fate. A message across a partition, or to a host that is off, is lost.
//   Net::reply    the answer to a request, to the inbox it named.
//   Inbox         an actor's receiving side (inbox.hpp); Rpc (rpc.hpp) is the calling side;
//                 spawn_service (service.hpp) the one service loop.
//
// Without a network (scenario `network_model: none`) every message is handed straight to its
// receiver's inbox, in the same instant, with no SimGrid communication: no time, no bandwidth,
// no link on the way. What the message layer itself decides stays: partitions cut, a host that
// is off or a dead incarnation loses what is sent to it, ids and counts are the same.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/net/message.hpp"
#include "sim/output/trace_events.hpp"

namespace sdsim {

class Inbox;
class NetworkState;
class PlatformInfo;

struct Address {
  std::string name;
  int host = -1;                                // platform host index
  simgrid::s4u::Mailbox* mailbox = nullptr;     // the current incarnation's
  std::uint64_t incarnation = 0;                // 0 until an actor first opens it
  std::uint64_t epoch = 0;                      // life of the host the mailbox was opened in
};

// A service's address, typed by the protocol (a std::variant of requests) it accepts.
template <class Protocol>
struct Endpoint {
  Address* address = nullptr;
  const std::string& name() const { return address->name; }
  int host() const { return address->host; }
};

struct SendOptions {
  const Address* reply_to = nullptr;          // where the answer goes (nullptr: none expected)
  int src_host = -1;                          // -1: the calling actor's host
  std::uint64_t id = 0;                       // 0: a fresh id
  std::uint64_t idempotency_key = 0;
};

class Net {
 public:
  // `network` false: messages cost nothing and skip SimGrid (network_model: none).
  Net(const PlatformInfo& platform, const NetworkState& partitions, std::uint64_t seed,
      bool network = true);
  Net(const Net&) = delete;
  Net& operator=(const Net&) = delete;

  int host_index(const std::string& host_name) const;  // -1 when unknown
  int host_index(const simgrid::s4u::Host* host) const;
  int here() const;                                    // the calling actor's host index
  const std::string& host_name(int index) const;
  simgrid::s4u::Host* host(int index) const { return hosts_.at(index); }
  std::uint64_t seed() const { return seed_; }
  bool network() const { return network_; }

  // A service on a host, by name; its protocol is fixed here. Registering a name twice is a bug.
  template <class Protocol>
  Endpoint<Protocol> register_service(const std::string& name, const std::string& host_name) {
    return Endpoint<Protocol>{&add_address(name, host_name, true)};
  }
  // An address for an actor's own inbox (not a service: any name, any number of them).
  Address& inbox_address(const std::string& name, int host);
  // Gives the address a fresh mailbox for a new incarnation of its actor, the calling actor
  // as its eager receiver. Whatever is still in or pending on the old mailbox is abandoned.
  // Without a network, `direct` is the inbox that receives what is sent to it.
  simgrid::s4u::Mailbox* reincarnate(Address& address, Inbox* direct = nullptr);

  template <class Protocol, class T>
  std::uint64_t send(const Endpoint<Protocol>& to, T body, const SendOptions& opt = {}) {
    const double bytes = wire_bytes(body);
    auto letter = std::make_unique<Letter<Protocol>>(Protocol(std::move(body)));
    return send_letter(*to.address, std::move(letter), bytes, opt);
  }
  // Sends a letter already built (for code that is generic over protocols, like clients).
  std::uint64_t send_letter(const Address& to, std::unique_ptr<Envelope> e, double bytes,
                            const SendOptions& opt);
  // Answers `request` (no-op when it named no inbox).
  template <class T>
  void reply(const Envelope& request, T body, Status status = Status::Ok) {
    if (request.reply_to == nullptr) return;
    const double bytes = wire_bytes(body);
    auto letter = std::make_unique<Letter<T>>(std::move(body));
    letter->status = status;
    reply_envelope(request, std::move(letter), bytes);
  }
  void fail(const Envelope& request, Status status) { reply(request, NoBody{}, status); }

  std::uint64_t next_message_id() { return ++last_id_; }
  // Each time a host turns off its life ends: mailboxes opened before are abandoned, and what
  // is sent to them is lost (their actors are dead; SimGrid must never see such a send).
  std::uint64_t host_epoch(int host) const { return epochs_[host]; }
  // Called by the fault injector just before it turns `host` off: ends the host's life and
  // lets go of its mailboxes' receivers, so a message posted in the same instant waits in a
  // mailbox nobody reads instead of starting a transfer to a host that is off (SimGrid
  // asserts on that).
  void host_going_down(const std::string& host_name);

  std::uint64_t sent() const { return sent_; }                  // messages handed to the network
  std::uint64_t dropped() const { return dropped_; }            // cut by a partition
  std::uint64_t undeliverable() const { return undeliverable_; }  // addressed to a host that is off

  // `sdsim run --trace chrome`: every message sent and received, and every message a
  // service handles, goes to `trace` (nullptr: no trace, the default).
  void set_trace(TraceEvents* trace) { trace_ = trace; }
  TraceEvents* trace() const { return trace_; }

  // Without a network, an inbox whose life ends stops receiving (inbox.cpp).
  void detach(const simgrid::s4u::Mailbox* box) { direct_.erase(box); }

 private:
  Address& add_address(const std::string& name, const std::string& host_name, bool service);
  void reply_envelope(const Envelope& request, std::unique_ptr<Envelope> e, double bytes);
  void post(simgrid::s4u::Mailbox* box, int dst_host, std::uint64_t epoch, std::unique_ptr<Envelope> e,
            double bytes);

  const PlatformInfo& platform_;
  const NetworkState& partitions_;
  std::uint64_t seed_;
  bool network_;
  std::unordered_map<const simgrid::s4u::Mailbox*, Inbox*> direct_;  // network_ false only
  std::vector<simgrid::s4u::Host*> hosts_;  // by platform host index
  std::unordered_map<const simgrid::s4u::Host*, int> index_by_host_;
  std::unordered_map<std::string, int> index_by_name_;
  std::deque<Address> addresses_;  // stable: Endpoints point into it
  std::unordered_map<std::string, Address*> services_;
  std::unordered_map<std::string, int> inbox_names_;  // inboxes opened per name
  std::vector<std::uint64_t> epochs_;  // by host index: how many times it turned off
  std::uint64_t last_id_ = 0;
  std::uint64_t sent_ = 0, dropped_ = 0, undeliverable_ = 0;
  TraceEvents* trace_ = nullptr;
  void trace_send(const Envelope& e, const simgrid::s4u::Mailbox* box, int dst_host, double bytes,
                  std::string_view fate);
};

}  // namespace sdsim
