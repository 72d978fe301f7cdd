// The mailbox block against the protocols it follows:
// - IMAP4rev2, RFC 9051: UIDs strictly ascending and never reused (section 2.3.1.1), flags
//   \Seen and \Deleted (2.3.2), FETCH BODY[] sets \Seen (6.4.5), EXPUNGE removes the
//   messages flagged \Deleted (6.4.3), MOVE (6.4.8); the server keeps everything else.
// - POP3, RFC 1939: DELE marks a message, RSET unmarks (section 5), the marked messages are
//   removed only in the UPDATE state after QUIT (section 6); a session ended otherwise
//   removes nothing.
// - the book's folder listing (newest first per user and folder) and threads.
#include <doctest/doctest.h>

#include "sim/storage/mailbox/mailbox.hpp"

using namespace sdsim::storage::mailbox;

TEST_CASE("storage/mailbox: UIDs ascend and are never reused (RFC 9051 2.3.1.1)") {
  Mailbox box;
  const Uid a = box.deliver("INBOX", 1, 0, 100);
  const Uid b = box.deliver("INBOX", 2, 0, 100);
  CHECK(b > a);
  box.set_deleted(b, true);
  CHECK(box.expunge("INBOX") == 1);
  const Uid c = box.deliver("INBOX", 3, 0, 100);
  CHECK(c > b);
}

TEST_CASE("storage/mailbox: folders list newest first, with unread counts") {
  Mailbox box;
  box.deliver("INBOX", 10, 0, 1);
  const Uid mid = box.deliver("INBOX", 20, 0, 1);
  box.deliver("INBOX", 30, 0, 1);
  box.deliver("Work", 25, 0, 1);
  auto l = box.list("INBOX");
  REQUIRE(l.size() == 3);
  CHECK(l[0].time == 30);
  CHECK(l[2].time == 10);
  CHECK(box.list("INBOX", 2).size() == 2);
  CHECK(box.unread("INBOX") == 3);
  box.set_seen(mid, true);
  CHECK(box.unread("INBOX") == 2);
  CHECK(box.folders() == std::vector<std::string>{"INBOX", "Sent", "Spam", "Work"});
  CHECK(box.move(mid, "Work"));
  CHECK(box.list("Work").size() == 2);
  CHECK(box.list("INBOX").size() == 2);
}

TEST_CASE("storage/mailbox: a thread gathers its messages across folders, oldest first") {
  Mailbox box;
  const Uid root = box.deliver("INBOX", 5, 0, 1);
  box.deliver("Sent", 7, root, 1);
  box.deliver("INBOX", 6, 999, 1);
  box.deliver("INBOX", 9, root, 1);
  auto t = box.thread(root);
  REQUIRE(t.size() == 3);
  CHECK(t[0].uid == root);
  CHECK(t[1].folder == "Sent");
  CHECK(t[2].time == 9);
}

TEST_CASE("storage/mailbox: IMAP keeps mail on the server; FETCH sets \\Seen (RFC 9051 6.4.5)") {
  Mailbox box;
  const Uid u = box.deliver("INBOX", 1, 0, 500);
  auto m = box.fetch(u);
  REQUIRE(m);
  CHECK(m->seen);
  CHECK(box.size() == 1);
  CHECK(box.bytes() == 500);
  CHECK(box.expunge("INBOX") == 0);  // nothing flagged \Deleted
  CHECK(box.size() == 1);
}

TEST_CASE("storage/mailbox: POP3 DELE removes from the server only at QUIT (RFC 1939 6)") {
  Mailbox box;
  const Uid a = box.deliver("INBOX", 1, 0, 10);
  const Uid b = box.deliver("INBOX", 2, 0, 20);
  box.deliver("Work", 3, 0, 30);  // POP3 sees only the INBOX
  {
    Pop3Session s(box);
    CHECK(s.list().size() == 2);
    REQUIRE(s.retr(a));
    CHECK(s.dele(a));
    CHECK_FALSE(s.dele(a));  // already marked: -ERR
    CHECK_FALSE(s.retr(a));
    CHECK(s.list() == std::vector<Uid>{b});
    CHECK(box.size() == 3);  // still there before QUIT
    CHECK(s.quit() == 1);
  }
  CHECK(box.size() == 2);
  CHECK_FALSE(box.find(a));
  CHECK(box.bytes() == 50);
}

TEST_CASE("storage/mailbox: POP3 RSET and a dropped session delete nothing (RFC 1939 5, 6)") {
  Mailbox box;
  const Uid a = box.deliver("INBOX", 1, 0, 10);
  Pop3Session s(box);
  CHECK(s.dele(a));
  s.rset();
  CHECK(s.quit() == 0);
  Pop3Session dropped(box);
  CHECK(dropped.dele(a));
  dropped.abort();
  CHECK(box.size() == 1);
}
