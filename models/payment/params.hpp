// The payment model's parameters, each declared once in params.cpp's table.
#pragma once

#include "models/payment/retry.hpp"
#include "sim/core/param_table.hpp"
#include "sim/services/external/external_config.hpp"
#include "sim/services/log/log_config.hpp"
#include "sim/services/sql/sql_config.hpp"

namespace sdsim::payment {

// The hosted payment page and the delivery of its result (flow: hosted).
struct HostedConfig {
  double page_time{};       // s: mean time a buyer spends on the hosted page (exponential)
  double abandon_rate{};    // fraction of buyers who leave the page without paying
  double session_expiry{};  // s: an unpaid session closes (expired) this long after it opened
  double webhook_loss{};    // fraction of webhooks never delivered
  double webhook_delay{};   // s: a webhook's extra delay, uniform in [0, webhook_delay)
  double webhook_duplicate{};  // fraction of webhooks delivered a second time (its own delay)
  double redirect_loss{};   // fraction of buyers whose redirect back never arrives
};

struct PspConfig {
  double timeout_after_charge{};  // fraction of charges whose answer is lost after charging
  double decline_rate{};          // fraction of charges the issuer declines (final)
  double card_timeout{};          // s: the PSP's own wait for the card network
  double retry_after{};           // s: the Retry-After the PSP sends with a transient failure
  double retention{};             // s: how long the PSP keeps an idempotency key
  HostedConfig hosted;
  external_service::ExternalConfig card_network;
};

struct InjectConfig {
  int missing_ledger{};     // SUCCESS orders whose ledger and wallet update is skipped
  int amount_difference{};  // charges the PSP settles for one cent more than it charged
  int unknown_charge{};     // charges the PSP settles for orders nobody created
};

enum class Flow { direct, hosted };

// Where a PSP call that failed transiently waits for its retry: in the executor's own back-off
// (`executor`), or as a record on the retry topic of a Kafka-like log, consumed by the retry
// consumers, with the dead-letter topic after max_attempts (`log`: the book's retry queue and
// dead letter queue).
enum class RetryQueueMode { executor, log };

struct RetryQueueConfig {
  RetryQueueMode mode{};
  int partitions{};  // of the retry topic (the dead-letter topic has one)
  int consumers{};   // retry consumers (one consumer group), on the payment host
  log_service::BrokerConfig log;  // log.brokers: role 'broker'
  log_service::ProducerConfig producer;  // always acks=all, idempotent
  log_service::ConsumerConfig consumer;
};

struct Config {
  Flow flow{};
  bool poll{};  // hosted: the sweeper asks the PSP for a waiting order's result by key
  bool idempotency{};
  int max_attempts{};
  double psp_timeout{};  // s: the executor's wait for one PSP call
  RetryPolicy retry;
  RetryQueueConfig retry_queue;
  int workers{};
  double sweep_interval{};  // s
  int sellers{};
  int amount_min{}, amount_max{};  // cents
  long long transactions_per_day{};
  PspConfig psp;
  InjectConfig inject;
  sql_service::SqlConfig database;
};

const ParamTable<Config>& params();
// The table's values with what the model fixes (the retry queue's producer: acks=all, idempotent).
Config read_config(const ParamValues& p);

}  // namespace sdsim::payment
