// String, expiry, memory and server commands through the Redis command layer.
#include <doctest/doctest.h>

#include <string>

#include "sim/storage/redis/command_line.hpp"
#include "sim/storage/redis/database.hpp"
#include "sim/storage/redis/replica.hpp"

using namespace sdsim::storage::redis;

namespace {

std::string run(Database& db, const std::string& line, double now_s = 0.0) {
  return format_for_cli(db.execute(*split_command_line(line), now_s));
}

std::string run(ReplicatedDatabase& db, const std::string& line, double now_s) {
  return format_for_cli(db.execute(*split_command_line(line), now_s));
}

}  // namespace

// https://redis.io/commands/set/ : NX/XX, GET returns the old value, EX/PX must be positive.
TEST_CASE("storage/redis: SET options") {
  Database db;
  CHECK(run(db, "SET k v1") == "OK\n");
  CHECK(run(db, "SET k v2 NX") == "(nil)\n");
  CHECK(run(db, "SET k v2 XX GET") == "\"v1\"\n");
  CHECK(run(db, "SET fresh v NX GET") == "(nil)\n");
  CHECK(run(db, "SET k v EX 0") == "(error) ERR invalid expire time in 'set' command\n");
  CHECK(run(db, "SET k v PX -5") == "(error) ERR invalid expire time in 'set' command\n");
  CHECK(run(db, "SET k v EX x") == "(error) ERR value is not an integer or out of range\n");
  CHECK(run(db, "SET k v NX XX") == "(error) ERR syntax error\n");
  CHECK(run(db, "SET k v EX 10 PX 10") == "(error) ERR syntax error\n");
  CHECK(run(db, "SET k v EX 10 EX 20") == "OK\n");  // Redis lets EX repeat: the last wins
  CHECK(run(db, "TTL k") == "(integer) 20\n");
  CHECK(run(db, "SET k v KEEPTTL") == "OK\n");
  CHECK(run(db, "TTL k") == "(integer) 20\n");
  CHECK(run(db, "SET k v") == "OK\n");
  CHECK(run(db, "TTL k") == "(integer) -1\n");
  CHECK(run(db, "GET nope") == "(nil)\n");
}

// https://redis.io/commands/expire/ , /ttl/ , /pttl/ : expiry runs on the caller's clock.
TEST_CASE("storage/redis: EXPIRE and TTL on the simulated clock") {
  Database db;
  run(db, "SET k v", 100.0);
  CHECK(run(db, "EXPIRE k 10", 100.0) == "(integer) 1\n");
  CHECK(run(db, "PTTL k", 104.5) == "(integer) 5500\n");
  CHECK(run(db, "TTL k", 104.6) == "(integer) 5\n");  // 5400 ms rounds to 5
  CHECK(run(db, "GET k", 110.0) == "\"v\"\n");        // at the expiry instant: still there
  CHECK(run(db, "GET k", 110.001) == "(nil)\n");
  CHECK(run(db, "TTL k", 110.001) == "(integer) -2\n");
  run(db, "SET k v", 200.0);
  CHECK(run(db, "EXPIRE k -1", 200.0) == "(integer) 1\n");  // a past time deletes at once
  CHECK(run(db, "EXISTS k", 200.0) == "(integer) 0\n");
  CHECK(run(db, "EXPIRE nope 10") == "(integer) 0\n");
  // NX / XX / GT / LT (Redis 7.0); no TTL counts as an infinite one.
  run(db, "SET k v", 300.0);
  CHECK(run(db, "EXPIRE k 100 GT", 300.0) == "(integer) 0\n");
  CHECK(run(db, "EXPIRE k 100 NX", 300.0) == "(integer) 1\n");
  CHECK(run(db, "EXPIRE k 50 GT", 300.0) == "(integer) 0\n");
  CHECK(run(db, "EXPIRE k 50 LT", 300.0) == "(integer) 1\n");
  CHECK(run(db, "PEXPIRE k 60000 XX", 300.0) == "(integer) 1\n");
  CHECK(run(db, "TTL k", 300.0) == "(integer) 60\n");
  CHECK(run(db, "EXPIRE k 10 NX GT") ==
        "(error) ERR NX and XX, GT or LT options at the same time are not compatible\n");
  CHECK(run(db, "EXPIRE k 10 foo") == "(error) ERR Unsupported option foo\n");
  CHECK(run(db, "PERSIST k", 300.0) == "(integer) 1\n");
  CHECK(run(db, "TTL k", 300.0) == "(integer) -1\n");
}

// https://redis.io/commands/del/ and /exists/ : EXISTS counts a repeated key each time.
TEST_CASE("storage/redis: DEL and EXISTS count keys") {
  Database db;
  run(db, "SET a 1");
  run(db, "ZADD z 1 m");
  CHECK(run(db, "EXISTS a a z nope") == "(integer) 3\n");
  CHECK(run(db, "DEL a a z nope") == "(integer) 2\n");
  CHECK(run(db, "FLUSHALL") == "OK\n");
  CHECK(run(db, "FLUSHALL LATER") == "(error) ERR syntax error\n");
}

// https://redis.io/docs/latest/commands/mget/ : one array reply, a value per key in order,
// nil for a key that does not exist or does not hold a string ("the operation never fails");
// an expired key is missing.
TEST_CASE("storage/redis: MGET") {
  Database db;
  run(db, "SET a 1");
  run(db, "SET b \"two words\"");
  run(db, "ZADD z 1 m");
  run(db, "SET t x PX 100", 0.0);
  CHECK(run(db, "MGET a nope z b a t", 0.05) ==
        "1) \"1\"\n2) (nil)\n3) (nil)\n4) \"two words\"\n5) \"1\"\n6) \"x\"\n");
  CHECK(run(db, "MGET t", 0.2) == "1) (nil)\n");
  CHECK(run(db, "MGET") == "(error) ERR wrong number of arguments for 'mget' command\n");
  const Reply r = db.execute({"MGET", "a", "z"}, 0.0);
  REQUIRE(r.elements.size() == 2);
  CHECK(r.elements[0].text == "1");
  CHECK(!r.elements[1].is_error());
}

// Redis 7.0's lookup errors (server.c: commandCheckExistence, commandCheckArity).
TEST_CASE("storage/redis: unknown commands, subcommands and arity") {
  Database db;
  CHECK(run(db, "FOO bar \"b z\"") ==
        "(error) ERR unknown command 'FOO', with args beginning with: 'bar' 'b z' \n");
  CHECK(run(db, "foo") == "(error) ERR unknown command 'foo', with args beginning with: \n");
  CHECK(run(db, "CLUSTER nodes2") ==
        "(error) ERR unknown subcommand 'nodes2'. Try CLUSTER HELP.\n");
  CHECK(run(db, "CLUSTER") == "(error) ERR wrong number of arguments for 'cluster' command\n");
  CHECK(run(db, "cluster keyslot") ==
        "(error) ERR wrong number of arguments for 'cluster|keyslot' command\n");
  CHECK(run(db, "CLUSTER KEYSLOT somekey") == "(integer) 11058\n");
  CHECK(run(db, "PING") == "PONG\n");
  CHECK(run(db, "ping \"hi there\"") == "\"hi there\"\n");
  CHECK(run(db, "PING a b") == "(error) ERR wrong number of arguments for 'ping' command\n");
  CHECK(run(db, "GeT") == "(error) ERR wrong number of arguments for 'get' command\n");
}

// https://redis.io/docs/reference/eviction/ : noeviction answers writes with the OOM error
// once memory is above maxmemory; DEL and reads still run.
TEST_CASE("storage/redis: maxmemory noeviction through the command layer") {
  DatabaseConfig config;
  config.memory.maxmemory_bytes = 1000;
  Database db(config);
  int i = 0;
  while (run(db, "SET key" + std::to_string(i) + " " + std::string(100, 'v')) == "OK\n") ++i;
  CHECK(i == 7);  // 160 bytes a key: the 7th write starts at 960 bytes, under the limit
  CHECK(run(db, "ZADD z 1 a") ==
        "(error) OOM command not allowed when used memory > 'maxmemory'.\n");
  CHECK(run(db, "GET key0") != "(nil)\n");
  CHECK(run(db, "DEL key0 key1") == "(integer) 2\n");
  CHECK(run(db, "ZADD z 1 a") == "(integer) 1\n");
}

TEST_CASE("storage/redis: maxmemory allkeys-lru through the command layer") {
  DatabaseConfig config;
  config.memory.maxmemory_bytes = 2000;
  config.memory.policy = EvictionPolicy::allkeys_lru;
  Database db(config);
  for (int i = 0; i < 100; ++i) {
    CHECK(run(db, "SET key" + std::to_string(i) + " " + std::string(100, 'v'), i) == "OK\n");
    run(db, "GET key0", i + 0.5);  // key0 stays hot
  }
  run(db, "PING", 200);  // evictions run before every command
  CHECK(db.keyspace().used_bytes() <= 2000);
  CHECK(db.keyspace().work().evicted_keys > 80);
  CHECK(run(db, "EXISTS key0", 200) == "(integer) 1\n");
}

// https://redis.io/docs/management/replication/ : a failover loses what was not replicated.
TEST_CASE("storage/redis: async replica loses the unreplicated writes on failover") {
  ReplicatedDatabase db(DatabaseConfig{}, 1.0);
  run(db, "ZADD board 10 alice 20 bob", 0.0);
  run(db, "SET session s1 EX 100", 0.5);
  run(db, "GET session", 0.6);           // a read: not shipped
  run(db, "ZADD board NX XX 1 x", 0.7);  // an error: not shipped
  db.advance(1.2);
  REQUIRE(db.replica() != nullptr);
  CHECK(run(*db.replica(), "ZRANGE board 0 -1", 1.2) == "1) \"alice\"\n2) \"bob\"\n");
  CHECK(run(*db.replica(), "GET session", 1.2) == "(nil)\n");  // written at 0.5, due at 1.5
  run(db, "ZINCRBY board 15 alice", 1.3);
  run(db, "DEL session", 1.9);
  CHECK(db.failover(2.0) == 2);  // the ZINCRBY (due 2.3) and the DEL (due 2.9) are lost
  CHECK(db.log().lost_writes() == 2);
  CHECK(db.replica() == nullptr);
  CHECK(run(db.primary(), "ZSCORE board alice", 2.0) == "\"10\"\n");
  CHECK(run(db.primary(), "TTL session", 2.0) == "(integer) 99\n");  // expiry kept from 0.5
}
