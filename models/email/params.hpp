// The email model's parameters: the mail traffic (destinations, sizes, attachments), the SMTP
// retry rules, the remote mail servers and their outage, the incoming checks, the index and
// the services the model runs on (the log for the outgoing and index queues, the KV store for
// mailbox metadata, the blob store for attachments, the search node). Each parameter is
// declared once, in params.cpp's table.
#pragma once

#include "models/email/estimate.hpp"
#include "models/email/smtp_retry.hpp"
#include "sim/core/param_table.hpp"
#include "sim/services/blob/blob_config.hpp"
#include "sim/services/external/external_config.hpp"
#include "sim/services/kv/kv_config.hpp"
#include "sim/services/log/log_config.hpp"
#include "sim/services/search/search_config.hpp"

namespace sdsim::email {

struct TrafficConfig {
  int users{};                   // local users (mailboxes)
  double remote_fraction{};      // of sent emails, to a remote domain
  double inbound_fraction{};     // of all emails, arriving from outside through SMTP in
  double metadata_bytes{};       // B per email (headers and body, the book's 50 KB)
  double attachment_fraction{};  // of emails with an attachment
  double attachment_bytes{};     // B
  double attachment_limit{};     // B: larger attachments are refused (552)
  double attachment_max{};       // B: attachments are uniform in [attachment_bytes / 2, this]
  double unknown_recipient{};    // of remote emails, to a mailbox that does not exist (550)
  int words{};                   // words of text indexed per email
};

struct SmtpConfig {
  RetryPolicy retry;
  int workers{};           // outbound workers (= outgoing queue partitions)
  double attempt_timeout{};  // s: a remote server silent this long is a transient failure
  int remote_domains{};
  external_service::ExternalConfig remote;
  int outage_domain{};     // the remote domain that suffers `outages` (-1: none)
  std::string outages;     // "START+DURATION, ..."
};

struct IncomingConfig {
  double cpu_per_check{};  // s: spam, virus, SPF/DKIM/DMARC checks of one email
  double spam_rate{};      // of inbound emails, filed in Spam
};

struct ReaderConfig {
  double interval{};  // s between web-mail reads (a folder listing and a search)
  int list_size{};    // messages per listing
};

struct Config {
  TrafficConfig traffic;
  SmtpConfig smtp;
  IncomingConfig incoming;
  ReaderConfig reader;
  int brokers{}, store_nodes{}, blob_nodes{};
  log_service::BrokerConfig log;
  log_service::ProducerConfig producer;
  log_service::ConsumerConfig consumer;
  kv_service::KvConfig store;
  blob_service::BlobConfig blob;
  search_service::SearchConfig search;
  ScaleConfig scale;
};

const ParamTable<Config>& params();
// params().read(p) with the settings the model fixes (acks=all producers, the blob scheme).
Config read_config(const ParamValues& p);

}  // namespace sdsim::email
