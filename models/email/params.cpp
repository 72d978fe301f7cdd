#include "models/email/params.hpp"

namespace sdsim::email {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<TrafficConfig> traffic;
    traffic.integer("users", &TrafficConfig::users, "1000", "local users, one mailbox each", 1, 100000000)
        .real("remote_fraction", &TrafficConfig::remote_fraction, "0.5",
              "fraction of sent emails addressed to a remote domain", 0, 1)
        .real("inbound_fraction", &TrafficConfig::inbound_fraction, "0.3",
              "fraction of all emails arriving from outside (SMTP in) rather than sent by a user",
              0, 1)
        .size("metadata_bytes", &TrafficConfig::metadata_bytes, "50KB",
              "one email's headers and body (the book's 50 KB)", 1, 1e9)
        .real("attachment_fraction", &TrafficConfig::attachment_fraction, "0.2",
              "fraction of emails with an attachment (the book's 20 %)", 0, 1)
        .size("attachment_bytes", &TrafficConfig::attachment_bytes, "500KB",
              "mean attachment size (the book's 500 KB)", 1, 1e10)
        .size("attachment_max", &TrafficConfig::attachment_max, "1MB",
              "largest attachment drawn (uniform in [attachment_bytes / 2, 1.5 x attachment_bytes] "
              "capped here)", 1, 1e11)
        .size("attachment_limit", &TrafficConfig::attachment_limit, "25MB",
              "larger attachments are refused with 552 (a permanent error)", 1, 1e11)
        .real("unknown_recipient", &TrafficConfig::unknown_recipient, "0.01",
              "fraction of remote emails to a mailbox that does not exist (550 at once)", 0, 1)
        .integer("words", &TrafficConfig::words, "20", "words of text indexed per email", 1, 10000);
    ParamTable<RetryPolicy> retry;
    retry
        .duration("min_interval", &RetryPolicy::min_interval, "30min",
                  "first retry interval (RFC 5321 4.5.4.1: at least 30 minutes)", 1, 86400 * 30)
        .duration("max_interval", &RetryPolicy::max_interval, "30min",
                  "longest retry interval (the back-off's cap)", 1, 86400 * 30)
        .real("backoff", &RetryPolicy::backoff, "1", "next retry interval / previous one", 1, 100)
        .duration("give_up", &RetryPolicy::give_up, "5d",
                  "time in the queue after which a message bounces (RFC 5321 4.5.4.1: 4-5 days)",
                  1, 86400 * 365);
    ParamTable<SmtpConfig> smtp;
    smtp.group("retry", "the outbound queue's retry schedule", &SmtpConfig::retry, retry)
        .integer("workers", &SmtpConfig::workers, "4",
                 "SMTP outbound workers (one outgoing-queue partition each)", 1, 1000)
        .duration("attempt_timeout", &SmtpConfig::attempt_timeout, "30s",
                  "a remote server silent this long fails the attempt (transient)", 1e-3, 3600)
        .integer("remote_domains", &SmtpConfig::remote_domains, "3",
                 "remote mail domains (role 'remote', one server each)", 1, 1000)
        .group("remote", "every remote mail server (an external endpoint: a failure is a 4yz)",
               &SmtpConfig::remote, external_service::external_params())
        .integer("outage_domain", &SmtpConfig::outage_domain, "-1",
                 "the remote domain unreachable during `outages` (-1: none)", -1, 999)
        .text("outages", &SmtpConfig::outages, "none",
              "when outage_domain is unreachable: \"START+DURATION, ...\"");
    ParamTable<IncomingConfig> incoming;
    incoming
        .duration("cpu_per_check", &IncomingConfig::cpu_per_check, "2ms",
                  "spam, virus and SPF/DKIM/DMARC checks of one incoming email", 0, 60)
        .real("spam_rate", &IncomingConfig::spam_rate, "0.1",
              "fraction of inbound emails filed in Spam", 0, 1);
    ParamTable<ReaderConfig> reader;
    reader.duration("interval", &ReaderConfig::interval, "1s",
                    "between web-mail reads (a folder listing, a mark-read and a search)", 1e-3,
                    86400)
        .integer("list_size", &ReaderConfig::list_size, "50", "messages per folder listing", 1,
                 10000);
    ParamTable<ScaleConfig> scale;
    scale.real("users", &ScaleConfig::users, "1e9", "the book's users", 0, 1e13)
        .real("sent_per_day", &ScaleConfig::sent_per_day, "10", "emails a user sends a day", 0, 1e6)
        .real("received_per_day", &ScaleConfig::received_per_day, "40",
              "emails a user receives a day", 0, 1e6)
        .size("metadata_bytes", &ScaleConfig::metadata_bytes, "50KB", "metadata per email", 0,
              1e12)
        .real("attachment_fraction", &ScaleConfig::attachment_fraction, "0.2",
              "fraction of emails with an attachment", 0, 1)
        .size("attachment_bytes", &ScaleConfig::attachment_bytes, "500KB", "one attachment", 0,
              1e12);
    ParamTable<Config> c;
    c.group("traffic", "the mail traffic", &Config::traffic, traffic)
        .group("smtp", "SMTP outbound: workers, retries, remote servers", &Config::smtp, smtp)
        .group("incoming", "SMTP in: the checks before storing", &Config::incoming, incoming)
        .group("reader", "the web-mail reader", &Config::reader, reader)
        .integer("brokers", &Config::brokers, "3", "log brokers (role 'broker')", 1, 100)
        .integer("store_nodes", &Config::store_nodes, "3", "KV store nodes (role 'store')", 1, 1000)
        .integer("blob_nodes", &Config::blob_nodes, "3", "blob data nodes (role 'blob')", 1, 1000)
        .group("log", "the outgoing and index queues' brokers (Kafka's settings)", &Config::log,
               log_service::broker_params())
        .group("producer", "the web servers' and SMTP servers' producers (always acks=all, idempotent)",
               &Config::producer, log_service::producer_params())
        .group("consumer", "the SMTP workers' and the indexer's consumers", &Config::consumer,
               log_service::consumer_params())
        .group("store", "mailbox metadata, by user (the replicated KV store, always in single_leader mode: a "
               "mailbox must be strongly consistent; store.mode is not read)", &Config::store,
               kv_service::kv_params())
        .group("blob", "attachments (the blob store)", &Config::blob, blob_service::blob_params())
        .group("search", "the search index (one search node)", &Config::search,
               search_service::search_params())
        .group("scale", "the book's scale, for the estimate.* metrics", &Config::scale, scale);
    return c;
  }();
  return t;
}

Config read_config(const ParamValues& p) {
  Config c = params().read(p);
  c.producer.acks = log_service::Acks::All;
  c.producer.idempotent = true;
  c.producer.record_bytes = 200;  // an email id and its routing, not the email
  c.store.mode = kv_service::ReplicationMode::single_leader;
  c.blob.finish();
  return c;
}

}  // namespace sdsim::email
