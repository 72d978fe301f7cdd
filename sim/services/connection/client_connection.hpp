// The client's side of a long-lived connection to a server whose protocol accepts
// OpenConnection, Heartbeat and CloseConnection (protocol.hpp). Owned by one actor, with an
// inbox of its own for the connection's whole life (and the next ones: reopen() uses it
// again; frames of an earlier connection are recognised and dropped).
//
// Heartbeats run inside the owner's waits (next(), request()): no extra actor. Every
// ping_interval a ping goes out; when no frame at all came from the server within
// ping_timeout of it, the connection is closed with 1006. A server's close frame (1001 on an
// orderly shutdown) closes it at once. closed_at() minus the server's crash time is the
// detection delay.
#pragma once

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>
#include <simgrid/s4u.hpp>
#include <string>
#include <utility>

#include "sim/net/inbox.hpp"
#include "sim/net/net.hpp"
#include "sim/services/connection/connection_config.hpp"
#include "sim/services/connection/protocol.hpp"

namespace sdsim::connection {

template <class Protocol>
class ClientConnection {
 public:
  struct Event {
    enum class Kind { data, closed, timeout } kind = Kind::timeout;
    DataFrame data;  // kind == data
  };

  ClientConnection(Net& net, const std::string& name, ConnectionConfig config)
      : net_(net), inbox_(net, "connection:" + name), config_(config) {}

  // The handshake: Ok, Timeout, or the server's refusal (Unavailable while it is down).
  Status open(const Endpoint<Protocol>& server, double timeout_s) {
    server_ = server;
    open_ = false;
    pending_.clear();
    const std::uint64_t id = send(OpenConnection{});
    const double deadline = now() + timeout_s;
    while (auto m = inbox_.wait_until(deadline)) {
      if (m->id != id) continue;  // a frame of an earlier connection
      if (m->status != Status::Ok) return m->status;
      auto* opened = dynamic_cast<Letter<ConnectionOpened>*>(m.get());
      if (opened == nullptr) return Status::Error;
      connection_ = opened->body.connection;
      open_ = true;
      awaiting_pong_ = false;
      next_ping_ = now() + config_.ping_interval;
      close_code_ = 0;
      return Status::Ok;
    }
    return Status::Timeout;
  }

  bool is_open() const { return open_; }
  ConnectionId id() const { return connection_; }
  int close_code() const { return close_code_; }   // 0 while open
  double closed_at() const { return closed_at_; }  // s

  // Sends `body` on the connection and waits for its reply; data frames arriving meanwhile
  // are kept for next(). nullptr when the time-out passes or the connection closes.
  template <class Request>
  std::unique_ptr<Envelope> request(Request body, double timeout_s) {
    if (!open_) return nullptr;
    const std::uint64_t id = send(std::move(body));
    const double deadline = now() + timeout_s;
    while (auto m = receive(deadline)) {
      if (auto* d = dynamic_cast<Letter<DataFrame>*>(m.get()))
        pending_.push_back(std::move(d->body));
      else if (m->id == id)
        return m;
    }
    return nullptr;
  }

  // The next data frame, the close of the connection, or the deadline (s, absolute).
  Event next(double deadline) {
    Event e;
    while (true) {
      if (!pending_.empty()) {
        e.kind = Event::Kind::data;
        e.data = std::move(pending_.front());
        pending_.pop_front();
        return e;
      }
      auto m = receive(deadline);
      if (!m) {
        e.kind = open_ ? Event::Kind::timeout : Event::Kind::closed;
        return e;
      }
      if (auto* d = dynamic_cast<Letter<DataFrame>*>(m.get()))
        pending_.push_back(std::move(d->body));
      // anything else is a late reply to an abandoned request: dropped
    }
  }

  // An orderly close from the client's side (the server forgets the connection at once).
  void close(int code = kNormalClosure) {
    if (!open_) return;
    send(CloseConnection{connection_, code});
    mark_closed(code);
  }

 private:
  static double now() { return simgrid::s4u::Engine::get_clock(); }

  template <class Body>
  std::uint64_t send(Body body) {
    return net_.send(server_, std::move(body), SendOptions{&inbox_.address(), inbox_.host()});
  }

  void mark_closed(int code) {
    open_ = false;
    close_code_ = code;
    closed_at_ = now();
  }

  // The next frame that is not a heartbeat or a close, with pings sent and the pong deadline
  // watched meanwhile; nullptr at the deadline or when the connection closes.
  std::unique_ptr<Envelope> receive(double deadline) {
    while (open_) {
      const double wake = std::min(deadline, awaiting_pong_ ? pong_deadline_ : next_ping_);
      auto m = inbox_.wait_until(wake);
      if (m) {
        if (!from_this_connection(*m)) continue;
        awaiting_pong_ = false;  // any frame from the server proves it alive
        if (dynamic_cast<Letter<HeartbeatAck>*>(m.get()) != nullptr) continue;
        if (auto* c = dynamic_cast<Letter<CloseFrame>*>(m.get())) {
          mark_closed(c->body.code);
          return nullptr;
        }
        return m;
      }
      const double t = now();
      if (awaiting_pong_ && t >= pong_deadline_) {
        mark_closed(kAbnormalClosure);
        return nullptr;
      }
      if (!awaiting_pong_ && t >= next_ping_) {
        send(Heartbeat{connection_});
        awaiting_pong_ = true;
        pong_deadline_ = t + config_.ping_timeout;
        next_ping_ = t + config_.ping_interval;
      }
      if (t >= deadline) return nullptr;
    }
    return nullptr;
  }

  bool from_this_connection(const Envelope& m) const {
    if (auto* d = dynamic_cast<const Letter<DataFrame>*>(&m))
      return d->body.connection == connection_;
    if (auto* a = dynamic_cast<const Letter<HeartbeatAck>*>(&m))
      return a->body.connection == connection_;
    if (auto* c = dynamic_cast<const Letter<CloseFrame>*>(&m))
      return c->body.connection == connection_;
    return true;  // replies to requests, matched by id by the caller
  }

  Net& net_;
  Inbox inbox_;
  ConnectionConfig config_;
  Endpoint<Protocol> server_;
  ConnectionId connection_ = 0;
  bool open_ = false, awaiting_pong_ = false;
  double next_ping_ = std::numeric_limits<double>::infinity(), pong_deadline_ = 0;
  int close_code_ = 0;
  double closed_at_ = 0;
  std::deque<DataFrame> pending_;
};

}  // namespace sdsim::connection
