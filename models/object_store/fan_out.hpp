// Parallel requests from one actor: send to several data nodes at once and gather the
// answers on the actor's reply mailbox until enough succeeded, all answered, or time ran out.
#pragma once

#include <any>
#include <vector>

#include "sim/net/net.hpp"

namespace sdsim::object_store {

struct FanOutCall {
  const Endpoint* dst = nullptr;
  const char* op = "";
  std::any body;
  double bytes = 0.0;
};

// Each call's status (Timeout when unanswered at the deadline or when the wait stopped early).
std::vector<Status> fan_out(Net& net, Caller& caller, std::vector<FanOutCall> calls, double timeout,
                            int enough);

}  // namespace sdsim::object_store
