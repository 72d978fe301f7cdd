// What the email model's actors share: the configuration, the emails of the run (made before
// it from the workload), the services they run on (the log with its two queues, the KV store,
// the blob store, the search node, the remote mail servers), the outbound queue's deliveries
// (durable: an MTA's queue is on disk), the mailboxes as stored, the index's freshness ledger,
// and the counters the metrics read.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "models/email/emails.hpp"
#include "models/email/index_freshness.hpp"
#include "models/email/params.hpp"
#include "models/email/protocol.hpp"
#include "models/email/smtp_retry.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/blob/blob_store.hpp"
#include "sim/services/external/external_endpoint.hpp"
#include "sim/services/kv/kv_store.hpp"
#include "sim/services/log/appender.hpp"
#include "sim/services/log/log_cluster.hpp"
#include "sim/services/search/search_node.hpp"
#include "sim/storage/mailbox/mailbox.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::email {

// What happened to one email (per-entity output: emails.csv).
struct EmailRecord {
  double sent = -1;        // s: accepted by the web server (or by SMTP in, inbound)
  double queued = -1;      // s: acknowledged by the outgoing queue
  double stored = -1;      // s: in the recipient's mailbox (metadata acknowledged by the store)
  double indexed = -1;     // s: the indexer's first acknowledgement from the search node
  double searchable = -1;  // s: the refresh at which the search node was seen to show it
  Delivery delivery;       // remote recipients: the SMTP outbound state
  double attempt_start = -1;  // s: when the latest delivery attempt began
  int bounces = 0;         // DSNs stored in the sender's mailbox
  int inbound_attempts = 0;  // inbound: transactions the outside server opened at SMTP in
  bool rejected = false;   // refused at submission (attachment over the limit: 552)
  bool spam = false;
  bool final() const;      // delivered, bounced or rejected
};

struct Counters {
  std::uint64_t attempts = 0, retries = 0, permanent = 0, transient = 0, timeouts = 0;
  std::uint64_t inbound_retries = 0, delivery_resumes = 0;
  std::uint64_t dsn_stored = 0, duplicate_stores = 0, store_retries = 0, blob_puts = 0, index_retries = 0;
  std::uint64_t reads = 0, searches = 0, search_hits = 0, indexer_restarts = 0, worker_restarts = 0;
  double retry_interval_min = -1;  // s: the shortest gap between the starts of two attempts of one email
  double metadata_bytes = 0, attachment_bytes = 0, body_bytes = 0;
};

struct Experiment {
  Experiment(const Config& cfg, RunContext& ctx);
  Config cfg;
  RunContext& ctx;
  EmailSet emails;
  std::vector<EmailRecord> records;  // by email id
  log_service::LogCluster log;
  kv_service::KvStore store;
  std::unique_ptr<blob_service::BlobStore> blob;
  std::unique_ptr<search_service::SearchNode> search;
  std::vector<std::unique_ptr<external_service::ExternalEndpoint>> remotes;
  const log_service::Topic* outgoing = nullptr;
  const log_service::Topic* index_topic = nullptr;
  const log_service::Topic* incoming = nullptr;  // SMTP in's durable processing queue
  int outgoing_group = -1, index_group = -1, incoming_group = -1;
  std::unique_ptr<log_service::LogAppender> web_outbox, smtp_index_outbox, smtp_in_outbox;
  Endpoint<SmtpInProtocol> smtp_in;
  std::shared_ptr<std::unique_ptr<WorkerPool<std::uint64_t>>> inbound_pool;
  std::map<int, storage::mailbox::Mailbox> mailboxes;  // by user
  FreshnessLedger freshness;
  std::set<std::uint64_t> awaiting_search;  // stored, not yet seen searchable
  // The search node's host off and back on (s; end +inf while off).
  struct Down {
    double start = 0, end = std::numeric_limits<double>::infinity();
  };
  std::vector<Down> search_down;
  std::vector<double> smtp_down;  // s: the SMTP host turned off
  LatencyHistogram read_latency, search_latency;
  Counters n;
};

}  // namespace sdsim::email
