#include "sim/services/connection/connection_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::connection {

const ParamTable<ConnectionConfig>& connection_params() {
  static const ParamTable<ConnectionConfig> t = [] {
    ParamTable<ConnectionConfig> p;
    p.duration("ping_interval", &ConnectionConfig::ping_interval, "25s",
               "time between a client's pings (Socket.IO pingInterval)", 0.001)
        .duration("ping_timeout", &ConnectionConfig::ping_timeout, "20s",
                  "a ping unanswered this long closes the connection with 1006; the server "
                  "drops a connection silent for ping_interval + ping_timeout (Socket.IO "
                  "pingTimeout)",
                  0.001);
    return p;
  }();
  return t;
}

}  // namespace sdsim::connection

// `sdsim describe service connection`
static const sdsim::ServiceParamsRegistration connection_registration{
    "connection",
    "WebSocket-like client connections: heartbeats, close codes (sim/services/connection)",
    &sdsim::connection::connection_params};
