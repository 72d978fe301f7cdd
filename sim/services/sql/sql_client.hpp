// The SQL service's client API, one connection (session) per client, over an Rpc the calling
// actor owns: connect, begin/execute/commit/rollback, prepare and commit/rollback prepared
// (two-phase commit). Each call returns the server's SqlReply; a call the network or a crash
// left unanswered returns 08006 ("connection to server was lost") and drops the session, as
// libpq does (the client sends the server a Disconnect for it, as closing the socket would),
// so the next call needs connect() again (to the same server, or to the one
// retarget() names after a failover).
//
//   SqlClient db(rpc, server.endpoint());
//   db.connect();
//   db.begin(Isolation::repeatable_read);
//   SqlReply r = db.execute(update_key("acct", {1}, {add("bal", -10)}));
//   if (!r.ok) db.rollback(); else r = db.commit();   // r.sqlstate: "40001", "40P01", ...
#pragma once

#include <string>

#include "sim/net/rpc.hpp"
#include "sim/services/sql/protocol.hpp"

namespace sdsim::sql_service {

class SqlClient {
 public:
  // A statement may wait for locks: the default time-out is long, and nothing is retried
  // (a statement is not idempotent).
  SqlClient(Rpc& rpc, Endpoint<SqlProtocol> server, CallOptions options = {60.0, 0})
      : rpc_(rpc), server_(server), options_(options) {}

  SqlReply connect();
  SqlReply disconnect();
  SqlReply begin(Isolation isolation = Isolation::read_committed, bool read_only = false);
  SqlReply execute(SqlStatement statement);
  SqlReply commit();
  SqlReply rollback();
  SqlReply prepare(const std::string& gid);  // PREPARE TRANSACTION gid
  SqlReply commit_prepared(const std::string& gid);
  SqlReply rollback_prepared(const std::string& gid);

  bool connected() const { return session_ != 0; }
  std::uint64_t session() const { return session_; }
  const Endpoint<SqlProtocol>& server() const { return server_; }
  void retarget(Endpoint<SqlProtocol> server) {
    server_ = server;
    session_ = 0;
  }

 private:
  template <class Request>
  SqlReply call(const Request& request);

  Rpc& rpc_;
  Endpoint<SqlProtocol> server_;
  CallOptions options_;
  std::uint64_t session_ = 0;
};

}  // namespace sdsim::sql_service
