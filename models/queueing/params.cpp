#include "models/queueing/params.hpp"

namespace sdsim::queueing {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<ServiceTimeConfig> service;
    service
        .choice("distribution", &ServiceTimeConfig::distribution, "exponential",
                "service-time distribution",
                {{"exponential", std::string("exponential")},
                 {"deterministic", std::string("deterministic")},
                 {"lognormal", std::string("lognormal")}})
        .duration("mean", &ServiceTimeConfig::mean, "50ms",
                  "mean service time (with the default 10/s on one server: utilisation 0.5)", 1e-9,
                  1e9)
        .real("cv", &ServiceTimeConfig::cv, "1", "coefficient of variation (lognormal only)", 0,
              100);
    ParamTable<Config> c;
    c.integer("servers", &Config::servers, "1", "identical servers at the station", 1, 100000)
        .group("service", "service time of one request", &Config::service, service)
        .size("request_size", &Config::request_size, "1KB", "simulated size of a request message", 0, 1e12)
        .size("reply_size", &Config::reply_size, "1KB", "simulated size of a reply message", 0, 1e12);
    return c;
  }();
  return t;
}

}  // namespace sdsim::queueing
