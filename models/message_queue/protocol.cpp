#include "models/message_queue/protocol.hpp"

namespace sdsim::mq {

const char* err_name(Err e) {
  switch (e) {
    case Err::None: return "none";
    case Err::NotLeader: return "not_leader";
    case Err::NotEnoughReplicas: return "not_enough_replicas";
    case Err::Timeout: return "timeout";
    case Err::OutOfOrder: return "out_of_order_sequence";
    case Err::StaleGeneration: return "stale_generation";
  }
  return "?";
}

double ProduceRequest::bytes() const {
  double b = 100;
  for (const auto& [p, batch] : batches) b += batch.bytes();
  return b;
}

double FetchReply::bytes() const {
  double b = 100;
  for (const auto& p : partitions)
    for (const auto& batch : p.batches) b += batch.bytes();
  return b;
}

}  // namespace sdsim::mq
