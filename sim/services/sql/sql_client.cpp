#include "sim/services/sql/sql_client.hpp"

namespace sdsim::sql_service {

template <class Request>
SqlReply SqlClient::call(const Request& request) {
  auto r = rpc_.call(server_, request, options_);
  if (r.ok()) return r.value();
  // The client closes the connection it gave up on; the server ends the session (and rolls
  // back its transaction, a waiting statement included) when the close arrives.
  if (session_ != 0) rpc_.send(server_, Disconnect{session_});
  session_ = 0;
  SqlReply lost;
  lost.ok = false;
  lost.sqlstate = "08006";
  lost.message = "server closed the connection unexpectedly";
  return lost;
}

SqlReply SqlClient::connect() {
  SqlReply r = call(Connect{});
  if (r.ok) session_ = r.session;
  return r;
}

SqlReply SqlClient::disconnect() {
  SqlReply r = call(Disconnect{session_});
  session_ = 0;
  return r;
}

SqlReply SqlClient::begin(Isolation isolation, bool read_only) {
  return call(Begin{session_, isolation, read_only});
}
SqlReply SqlClient::execute(SqlStatement statement) {
  return call(Execute{session_, std::move(statement)});
}
SqlReply SqlClient::commit() { return call(Commit{session_}); }
SqlReply SqlClient::rollback() { return call(Rollback{session_}); }
SqlReply SqlClient::prepare(const std::string& gid) { return call(Prepare{session_, gid}); }
SqlReply SqlClient::commit_prepared(const std::string& gid) {
  return call(FinishPrepared{session_, gid, true});
}
SqlReply SqlClient::rollback_prepared(const std::string& gid) {
  return call(FinishPrepared{session_, gid, false});
}

}  // namespace sdsim::sql_service
