// The coordination service's state machine against etcd v3's data model
// (etcd.io/docs/v3.5/learning/data_model, .../learning/api: "Revisions", "Key-Value pair",
// "Lease API") and the Raft dissertation's client sessions (6.3: a retried command is applied
// once). The replicated registry of a run is also held against a replayed history by
// program:coord_service.
#include <doctest/doctest.h>

#include "sim/coord/registry.hpp"

using namespace sdsim::coord;

namespace {
Command put(std::string k, std::string v, std::int64_t lease = 0) {
  Command c;
  c.op = Command::Op::put;
  c.key = std::move(k);
  c.value = std::move(v);
  c.lease = lease;
  return c;
}
}  // namespace

TEST_CASE("coord registry: one revision counter; create and mod revisions") {
  Registry r;
  CHECK(r.apply(put("a", "1")).revision == 1);
  CHECK(r.apply(put("b", "1")).revision == 2);
  CHECK(r.apply(put("a", "2")).revision == 3);
  const KeyValue a = *r.get("a");
  CHECK(a.value == "2");
  CHECK(a.create_revision == 1);
  CHECK(a.mod_revision == 3);
  Command del;
  del.op = Command::Op::remove;
  del.key = "a";
  CHECK(r.apply(del).deleted == 1);
  CHECK(r.revision() == 4);
  CHECK(r.apply(del).deleted == 0);  // deleting nothing changes nothing
  CHECK(r.revision() == 4);
  CHECK(r.apply(put("a", "3")).revision == 5);
  CHECK(r.get("a")->create_revision == 5);  // a new generation of the key
  Command get;
  get.op = Command::Op::get;
  get.key = "a";
  CHECK(r.apply(get).revision == 5);  // reads do not move the revision
}

TEST_CASE("coord registry: a revoked lease deletes its keys in one revision") {
  Registry r;
  Command grant;
  grant.op = Command::Op::grant;
  grant.ttl = 5;
  const std::int64_t lease = r.apply(grant).lease;
  CHECK(lease > 0);
  CHECK(r.apply(put("m/1", "x", lease)).ok);
  CHECK(r.apply(put("m/2", "y", lease)).ok);
  CHECK(r.apply(put("other", "z")).ok);
  CHECK_FALSE(r.apply(put("m/3", "w", lease + 7)).ok);  // no such lease
  Command revoke;
  revoke.op = Command::Op::revoke;
  revoke.lease = lease;
  const CommandResult res = r.apply(revoke);
  CHECK(res.deleted == 2);
  CHECK(r.revision() == 4);
  CHECK(r.range("m/").empty());
  CHECK(r.get("other").has_value());
  const auto events = r.events_after(3, "");
  REQUIRE(events.size() == 2);
  for (const Event& e : events) {
    CHECK(e.type == Event::Type::remove);
    CHECK(e.kv.mod_revision == 4);
  }
  CHECK_FALSE(r.has_lease(lease));
  CHECK_FALSE(r.apply(revoke).ok);
}

TEST_CASE("coord registry: a put without the lease detaches the key from it") {
  Registry r;
  Command grant;
  grant.op = Command::Op::grant;
  grant.ttl = 5;
  const std::int64_t lease = r.apply(grant).lease;
  r.apply(put("k", "1", lease));
  r.apply(put("k", "2"));  // etcd: a put without a lease leaves the key with none
  Command revoke;
  revoke.op = Command::Op::revoke;
  revoke.lease = lease;
  CHECK(r.apply(revoke).deleted == 0);
  CHECK(r.get("k")->value == "2");
}

TEST_CASE("coord registry: watches get the events after a revision, by prefix, in order") {
  Registry r;
  r.apply(put("a/1", "x"));
  r.apply(put("b/1", "y"));
  r.apply(put("a/2", "z"));
  const auto all = r.events_after(0, "");
  REQUIRE(all.size() == 3);
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].kv.mod_revision == std::int64_t(i + 1));
  const auto a = r.events_after(1, "a/");
  REQUIRE(a.size() == 1);
  CHECK(a[0].kv.key == "a/2");
  CHECK(r.events_after(3, "").empty());
}

TEST_CASE("coord registry: a retried command is applied once and answered as the first time") {
  Registry r;
  Command c = put("k", "v");
  c.client = 7;
  c.seq = 1;
  const CommandResult first = r.apply(c);
  const CommandResult again = r.apply(c);
  CHECK(again.revision == first.revision);
  CHECK(r.revision() == 1);
  CHECK(r.history().size() == 1);
  c.seq = 2;
  CHECK(r.apply(c).revision == 2);
}
