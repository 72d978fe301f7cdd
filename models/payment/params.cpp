#include "models/payment/params.hpp"

namespace sdsim::payment {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<RetryPolicy> retry;
    retry
        .choice("strategy", &RetryPolicy::strategy, "exponential",
                "the delay before each retry of a PSP call",
                {{"immediate", RetryStrategy::immediate},
                 {"fixed", RetryStrategy::fixed},
                 {"incremental", RetryStrategy::incremental},
                 {"exponential", RetryStrategy::exponential}})
        .duration("base", &RetryPolicy::base, "100ms",
                  "fixed interval, increment, or first exponential delay", 0, 3600)
        .duration("cap", &RetryPolicy::cap, "5s", "longest delay", 0, 86400)
        .flag("jitter", &RetryPolicy::jitter, "true",
              "exponential: full jitter (delay uniform below the ceiling)");
    ParamTable<RetryQueueConfig> queue;
    queue
        .choice("mode", &RetryQueueConfig::mode, "executor",
                "executor: the executor waits out its own back-off; log: a failed PSP call goes to "
                "the retry topic and, after max_attempts, to the dead-letter topic of a Kafka-like log",
                {{"executor", RetryQueueMode::executor}, {"log", RetryQueueMode::log}})
        .integer("partitions", &RetryQueueConfig::partitions, "4",
                 "mode log: partitions of the retry topic (keyed by order id)", 1, 1000)
        .integer("consumers", &RetryQueueConfig::consumers, "2",
                 "mode log: retry consumers (one group) on the payment host", 1, 1000)
        .group("log", "mode log: the brokers (Kafka's settings)", &RetryQueueConfig::log,
               log_service::broker_params())
        .group("producer", "mode log: the payment host's producer (always acks=all, idempotent)",
               &RetryQueueConfig::producer, log_service::producer_params())
        .group("consumer", "mode log: the retry consumers", &RetryQueueConfig::consumer,
               log_service::consumer_params());
    ParamTable<HostedConfig> hosted;
    hosted
        .duration("page_time", &HostedConfig::page_time, "5s",
                  "mean time a buyer spends on the hosted payment page (exponential)", 0, 86400)
        .real("abandon_rate", &HostedConfig::abandon_rate, "0.05",
              "fraction of buyers who leave the page without paying", 0, 1)
        .duration("session_expiry", &HostedConfig::session_expiry, "30min",
                  "an unpaid payment session closes (expired) this long after it opened", 1e-3,
                  86400 * 7)
        .real("webhook_loss", &HostedConfig::webhook_loss, "0",
              "fraction of webhooks never delivered", 0, 1)
        .duration("webhook_delay", &HostedConfig::webhook_delay, "0s",
                  "a webhook's extra delay, uniform below this", 0, 86400)
        .real("webhook_duplicate", &HostedConfig::webhook_duplicate, "0",
              "fraction of webhooks delivered a second time (with its own delay)", 0, 1)
        .real("redirect_loss", &HostedConfig::redirect_loss, "0",
              "fraction of buyers whose redirect back to the payment service never arrives", 0, 1);
    ParamTable<PspConfig> psp;
    psp.real("timeout_after_charge", &PspConfig::timeout_after_charge, "0",
             "fraction of successful charges whose answer the PSP never sends (the caller times "
             "out, charged)",
             0, 1)
        .real("decline_rate", &PspConfig::decline_rate, "0.02",
              "fraction of charges the issuer declines (final)", 0, 1)
        .duration("card_timeout", &PspConfig::card_timeout, "2s",
                  "the PSP's own wait for the card network", 1e-6, 3600)
        .duration("retry_after", &PspConfig::retry_after, "0s",
                  "Retry-After the PSP sends with a transient failure (0: none)", 0, 3600)
        .duration("retention", &PspConfig::retention, "24h",
                  "how long the PSP keeps an idempotency key", 1e-6, 1e9)
        .group("card_network", "the card network behind the PSP (an external endpoint)",
               &PspConfig::card_network, external_service::external_params())
        .group("hosted", "flow: hosted: the PSP's payment page, its redirect and webhook",
               &PspConfig::hosted, hosted);
    ParamTable<InjectConfig> inject;
    inject
        .integer("missing_ledger", &InjectConfig::missing_ledger, "0",
                 "first SUCCESS orders whose ledger and wallet update the executor skips (a bug)",
                 0, 1000000)
        .integer("amount_difference", &InjectConfig::amount_difference, "0",
                 "first charges the PSP settles for one cent more than it charged", 0, 1000000)
        .integer("unknown_charge", &InjectConfig::unknown_charge, "0",
                 "charges the PSP settles for orders the payment system never created", 0, 1000000);
    ParamTable<Config> c;
    c.choice("flow", &Config::flow, "direct",
             "direct: the executor charges the PSP; hosted: it registers a payment session and "
             "the buyer pays on the PSP's hosted page (result by redirect and webhook)",
             {{"direct", Flow::direct}, {"hosted", Flow::hosted}})
        .flag("poll", &Config::poll, "true",
              "hosted: the sweeper asks the PSP for each waiting order's result by key (false: "
              "only the redirect and the webhook finish an order)")
        .flag("idempotency", &Config::idempotency, "true",
           "the executor sends the payment order id as the PSP's idempotency key (false: a new key "
           "per attempt)")
        .integer("max_attempts", &Config::max_attempts, "5",
                 "PSP calls per order before its dead letter", 1, 1000)
        .duration("psp_timeout", &Config::psp_timeout, "1s", "the executor's wait for one PSP call",
                  1e-6, 3600)
        .group("retry", "back-off between PSP calls of one order", &Config::retry, retry)
        .group("retry_queue", "where a failed PSP call waits for its retry, and its dead letters",
               &Config::retry_queue, queue)
        .integer("workers", &Config::workers, "32", "orders the payment executor processes at once",
                 1, 100000)
        .duration("sweep_interval", &Config::sweep_interval, "5s",
                  "how often the executor resumes the unfinished orders no worker holds", 1e-3,
                  86400)
        .integer("sellers", &Config::sellers, "10",
                 "sellers (wallets); an order pays key % sellers", 1, 1000000)
        .integer("amount_min", &Config::amount_min, "100", "smallest order amount (cents)", 1,
                 1000000000)
        .integer("amount_max", &Config::amount_max, "10000", "largest order amount (cents)", 1,
                 1000000000)
        .count("transactions_per_day", &Config::transactions_per_day, "1000000",
               "the book's scale: payment transactions a day (estimate.tps)", 1, 1000000000000LL)
        .group("psp", "the payment service provider", &Config::psp, psp)
        .group("inject", "mismatches planted for the reconciliation to find", &Config::inject,
               inject)
        .group("database", "the payment database (wallet, ledger, orders)", &Config::database,
               sql_service::sql_params());
    return c;
  }();
  return t;
}

Config read_config(const ParamValues& p) {
  Config c = params().read(p);
  c.retry_queue.producer.acks = log_service::Acks::All;
  c.retry_queue.producer.idempotent = true;
  c.retry_queue.producer.record_bytes = 100;  // an order id, its attempt and due time
  return c;
}

}  // namespace sdsim::payment
