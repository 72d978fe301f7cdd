// The server's side of its long-lived connections: who is connected (the routing of each
// client's OpenConnection, which every later server frame answers), when each was last heard
// from, and the close frames. Volatile: a service holds it in its handler, so a crash forgets
// every connection and the clients find out by their heartbeats.
//
// Ids carry the server's life (high 32 bits), so a frame on a connection of an earlier life
// is recognised as unknown and answered with a 1006 close, as a TCP reset would end it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/connection/connection_config.hpp"
#include "sim/services/connection/protocol.hpp"

namespace sdsim::connection {

class ServerConnections {
 public:
  ServerConnections(Net& net, ConnectionConfig config, std::uint64_t life)
      : net_(net), config_(config), next_id_(life << 32) {}

  // Accepts the handshake `request` (an OpenConnection) and answers it.
  ConnectionId open(const Envelope& request, double now_s);
  // A frame arrived on `id`: true when the connection is known (it is then alive until
  // now_s + the idle timeout); otherwise `request` is answered with a 1006 close frame.
  bool touch(ConnectionId id, const Envelope& request, double now_s);
  bool known(ConnectionId id) const { return open_.count(id) != 0; }
  // The client closed it (or it is being dropped): forgotten, nothing sent.
  bool forget(ConnectionId id) { return open_.erase(id) != 0; }
  // The connections silent for longer than the idle timeout, forgotten; in id order.
  std::vector<ConnectionId> expire(double now_s);
  // A data frame to `id`; false when unknown (nothing sent).
  bool push(ConnectionId id, DataFrame frame);
  // A close frame with `code` to every connection, all forgotten (an orderly shutdown: 1001).
  std::size_t close_all(int code, const std::string& reason);
  // A close frame with `code` to one connection, then forgotten (a draining server asks its
  // clients to go one by one: 1001); false when unknown (nothing sent).
  bool close(ConnectionId id, int code, const std::string& reason);

  std::size_t size() const { return open_.size(); }
  const ConnectionConfig& config() const { return config_; }

 private:
  struct Open {
    std::unique_ptr<Envelope> routing;  // a copy of the handshake's envelope
    double last_heard_s = 0;
  };
  Net& net_;
  ConnectionConfig config_;
  ConnectionId next_id_;
  std::map<ConnectionId, Open> open_;
};

}  // namespace sdsim::connection
