// The one service loop. A service is a daemon actor on its host with an inbox for its
// protocol (a std::variant of request types); it restarts with its host. Durable state lives
// in what its factory captures (behind shared_ptrs); everything the handler holds is volatile
// and starts fresh in each incarnation. A new incarnation has a new mailbox (net.hpp), so it
// never sees a message or a pending receive of its previous life.
//
//   struct Station : ServiceHandler<StationProtocol> {
//     void handle(std::unique_ptr<Letter<StationProtocol>> request) override {
//       std::visit(overloaded{[&](const Job& j) { ... }}, request->body);
//     }
//   };
//   spawn_service<StationProtocol>(net, endpoint, [=] { return std::make_unique<Station>(...); });
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <simgrid/s4u.hpp>

#include "sim/net/inbox.hpp"
#include "sim/net/net.hpp"

namespace sdsim {

// std::visit with lambdas: std::visit(overloaded{[](const A&) {...}, [](const B&) {...}}, v).
template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

template <class Protocol>
class ServiceHandler {
 public:
  virtual ~ServiceHandler() = default;
  // After each (re)start, before the first request; `inbox` is this incarnation's.
  virtual void start(Inbox& inbox) {}
  virtual void handle(std::unique_ptr<Letter<Protocol>> request) = 0;
};

template <class Protocol>
using HandlerFactory = std::function<std::unique_ptr<ServiceHandler<Protocol>>()>;

// A daemon actor on the calling actor's host (the service's helpers: tickers, fetchers);
// it dies with the host.
inline void spawn_local(const std::string& name, std::function<void()> body) {
  simgrid::s4u::Actor::create(name, simgrid::s4u::this_actor::get_host(), std::move(body))->daemonize();
}

// Starts the service behind `endpoint` on its host, restarted with the host.
template <class Protocol>
void spawn_service(Net& net, const Endpoint<Protocol>& endpoint, HandlerFactory<Protocol> factory) {
  Address* address = endpoint.address;
  auto actor = simgrid::s4u::Actor::create(address->name, net.host(address->host), [&net, address, factory] {
    simgrid::s4u::Actor::self()->daemonize();  // every incarnation, not only the first
    Inbox inbox(net, *address);
    auto handler = factory();
    handler->start(inbox);
    while (true) {
      auto msg = inbox.wait();
      if (!msg) continue;
      if (TraceEvents* trace = net.trace()) {  // a span per message handled (--trace chrome)
        const double start = simgrid::s4u::Engine::get_clock();
        const std::string name = "handle " + std::string(msg->name());
        handler->handle(open_letter<Protocol>(std::move(msg), address->name));
        trace->span(start, simgrid::s4u::Engine::get_clock(), address->host, net.host_name(address->host),
                    address->name, name, "handle");
      } else {
        handler->handle(open_letter<Protocol>(std::move(msg), address->name));
      }
    }
  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim
