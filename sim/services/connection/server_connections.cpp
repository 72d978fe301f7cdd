#include "sim/services/connection/server_connections.hpp"

namespace sdsim::connection {

ConnectionId ServerConnections::open(const Envelope& request, double now_s) {
  const ConnectionId id = ++next_id_;
  open_[id] = Open{request.clone(), now_s};
  net_.reply(request, ConnectionOpened{id});
  return id;
}

bool ServerConnections::touch(ConnectionId id, const Envelope& request, double now_s) {
  auto it = open_.find(id);
  if (it == open_.end()) {
    net_.reply(request, CloseFrame{id, kAbnormalClosure, "unknown connection"});
    return false;
  }
  it->second.last_heard_s = now_s;
  return true;
}

std::vector<ConnectionId> ServerConnections::expire(double now_s) {
  std::vector<ConnectionId> gone;
  for (auto it = open_.begin(); it != open_.end();) {
    if (now_s - it->second.last_heard_s > config_.server_idle_timeout()) {
      gone.push_back(it->first);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

bool ServerConnections::push(ConnectionId id, DataFrame frame) {
  auto it = open_.find(id);
  if (it == open_.end()) return false;
  frame.connection = id;
  net_.reply(*it->second.routing, std::move(frame));
  return true;
}

std::size_t ServerConnections::close_all(int code, const std::string& reason) {
  const std::size_t n = open_.size();
  for (const auto& [id, o] : open_) net_.reply(*o.routing, CloseFrame{id, code, reason});
  open_.clear();
  return n;
}

bool ServerConnections::close(ConnectionId id, int code, const std::string& reason) {
  auto it = open_.find(id);
  if (it == open_.end()) return false;
  net_.reply(*it->second.routing, CloseFrame{id, code, reason});
  open_.erase(it);
  return true;
}

}  // namespace sdsim::connection
