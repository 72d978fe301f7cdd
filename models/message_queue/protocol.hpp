// The message queue model's messages. Its applications talk only through the log service
// (sim/services/log/protocol.hpp): produce and fetch requests to brokers, group and
// transaction requests to the coordinator, and in push mode the brokers' pushes, which the
// push consumers accept as their one protocol.
#pragma once

#include "sim/services/log/protocol.hpp"

namespace sdsim::message_queue {

using log_service::PushProtocol;  // what a push consumer's service receives
using log_service::PushRecords;

}  // namespace sdsim::message_queue
