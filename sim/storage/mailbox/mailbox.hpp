// A user's mailbox as an IMAP server keeps it (RFC 9051, IMAP4rev2) and as a POP3 client
// sees it (RFC 1939): messages in folders (mailboxes: INBOX, Sent, Spam, user folders), each
// with a unique id that never changes (UID, RFC 9051 section 2.3.1.1), flags (\Seen,
// \Deleted: section 2.3.2) and a thread (the references chain, RFC 5256 section 2). Listing a
// folder gives its newest messages first, as the book's table keyed by (user, folder, time).
//
// POP3 and IMAP differ in what the server keeps: a POP3 session marks messages deleted with
// DELE and the server removes them when the session ends with QUIT (the UPDATE state, RFC
// 1939 section 6); an RSET or a session that ends without QUIT removes nothing. IMAP keeps
// every message on the server: FETCH of the body sets \Seen (RFC 9051 section 6.4.5), and only
// EXPUNGE removes messages flagged \Deleted (section 6.4.3).
//
// Counted work for a service's cost model: messages scanned by each call (`work()`).
// Leaves out: message bodies and MIME parsing (sizes only), IMAP sequence numbers (UIDs
// only), keywords beyond the two flags, quotas, concurrent sessions on one mailbox.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sdsim::storage::mailbox {

using Uid = std::uint64_t;

struct Message {
  Uid uid = 0;
  std::string folder;
  double time = 0;                // s: when it was stored (the folder's sort key)
  std::uint64_t thread = 0;       // the thread's root message id
  std::uint64_t bytes = 0;        // B: header and body
  bool seen = false, deleted = false;
};

struct Work {
  std::uint64_t scanned = 0;  // messages the calls read or skipped
};

class Mailbox {
 public:
  Mailbox();

  // Stores a message in `folder` (created if new) and returns its UID, which no other message of
  // this mailbox ever has (RFC 9051 section 2.3.1.1: strictly ascending).
  Uid deliver(const std::string& folder, double time, std::uint64_t thread, std::uint64_t bytes);

  // The folder's messages, newest first (ties by UID), at most `limit`.
  std::vector<Message> list(const std::string& folder, std::size_t limit = SIZE_MAX);
  std::size_t unread(const std::string& folder) const;
  // The messages of one thread in every folder, oldest first.
  std::vector<Message> thread(std::uint64_t thread_id);

  // Flags: false when the UID is unknown.
  bool set_seen(Uid uid, bool seen);
  bool set_deleted(Uid uid, bool deleted);
  bool move(Uid uid, const std::string& folder);  // IMAP MOVE (RFC 9051 section 6.4.8)
  // IMAP FETCH BODY[]: the message, with \Seen set (section 6.4.5).
  std::optional<Message> fetch(Uid uid);
  // IMAP EXPUNGE: removes the messages flagged \Deleted in `folder`; returns how many.
  std::size_t expunge(const std::string& folder);

  std::optional<Message> find(Uid uid) const;
  std::size_t size() const { return messages_.size(); }
  std::uint64_t bytes() const { return bytes_; }
  std::vector<std::string> folders() const;
  const Work& work() const { return work_; }

 private:
  std::map<Uid, Message> messages_;
  std::map<std::string, std::set<std::pair<double, Uid>>> by_folder_;  // (time, uid)
  Uid next_uid_ = 1;
  std::uint64_t bytes_ = 0;
  Work work_;
  void erase(Uid uid);
  friend class Pop3Session;
};

// One POP3 session on a mailbox's INBOX (RFC 1939): the messages are those present when the
// session began (the maildrop is locked: section 8); DELE marks, RSET unmarks, QUIT removes.
class Pop3Session {
 public:
  explicit Pop3Session(Mailbox& box);
  std::vector<Uid> list() const;                // LIST: the messages not marked deleted
  std::optional<Message> retr(Uid uid);         // RETR: the message (sets \Seen)
  bool dele(Uid uid);                           // DELE: -ERR for unknown or already marked
  void rset();                                  // RSET
  std::size_t quit();                           // QUIT: the UPDATE state; returns removed
  // The session ends without QUIT (a dropped connection): nothing is removed (section 6).
  void abort() { marked_.clear(); open_ = false; }

 private:
  Mailbox& box_;
  std::vector<Uid> maildrop_;
  std::set<Uid> marked_;
  bool open_ = true;
};

}  // namespace sdsim::storage::mailbox
