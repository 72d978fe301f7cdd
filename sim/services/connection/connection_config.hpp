// Heartbeat settings of a long-lived connection, defaulted as Socket.IO v4's server options
// (https://socket.io/docs/v4/server-options/#pinginterval: pingInterval 25 s, pingTimeout
// 20 s): the client pings every ping_interval and declares the connection dead (close code
// 1006) when no frame from the server came within ping_timeout of a ping; the server drops a
// connection it has heard nothing on for ping_interval + ping_timeout. A crash is therefore
// noticed by the client between ping_timeout and ping_interval + ping_timeout after it.
#pragma once

#include "sim/core/param_table.hpp"

namespace sdsim::connection {

struct ConnectionConfig {
  double ping_interval{};  // s
  double ping_timeout{};   // s
  double server_idle_timeout() const { return ping_interval + ping_timeout; }
};

const ParamTable<ConnectionConfig>& connection_params();

}  // namespace sdsim::connection
