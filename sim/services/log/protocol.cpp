#include "sim/services/log/protocol.hpp"

namespace sdsim::log_service {

const char* err_name(Err e) {
  switch (e) {
    case Err::None: return "none";
    case Err::NotLeader: return "not_leader";
    case Err::NotEnoughReplicas: return "not_enough_replicas";
    case Err::NotEnoughReplicasAfterAppend: return "not_enough_replicas_after_append";
    case Err::Timeout: return "timeout";
    case Err::OutOfOrder: return "out_of_order_sequence";
    case Err::StaleGeneration: return "stale_generation";
  }
  return "?";
}

double ProduceRequest::wire_bytes() const {
  double b = 100;
  for (const auto& [p, batch] : batches) b += batch.bytes();
  return b;
}

double FetchReply::wire_bytes() const {
  double b = 100;
  for (const auto& p : partitions)
    for (const auto& batch : p.batches) b += batch.bytes();
  return b;
}

double PushRecords::wire_bytes() const {
  double b = 100;
  for (const auto& batch : batches) b += batch.bytes();
  return b;
}

}  // namespace sdsim::log_service
