// The command handlers, one per Redis command, grouped by file: commands_sorted_set.cpp,
// commands_keyspace.cpp (strings and generic key commands), commands_server.cpp. Each runs
// after look_up() has checked the name and the arity.
#pragma once

#include "sim/storage/redis/database.hpp"

namespace sdsim::storage::redis::commands {

#define SDSIM_REDIS_HANDLER(name) Reply name(Database& db, const Arguments& argv, double now_s)

SDSIM_REDIS_HANDLER(zadd);
SDSIM_REDIS_HANDLER(zincrby);
SDSIM_REDIS_HANDLER(zrem);
SDSIM_REDIS_HANDLER(zcard);
SDSIM_REDIS_HANDLER(zscore);
SDSIM_REDIS_HANDLER(zmscore);
SDSIM_REDIS_HANDLER(zrank);
SDSIM_REDIS_HANDLER(zrevrank);
SDSIM_REDIS_HANDLER(zrange);
SDSIM_REDIS_HANDLER(zrevrange);
SDSIM_REDIS_HANDLER(zrangebyscore);
SDSIM_REDIS_HANDLER(zrevrangebyscore);
SDSIM_REDIS_HANDLER(zrangebylex);
SDSIM_REDIS_HANDLER(zrevrangebylex);
SDSIM_REDIS_HANDLER(zcount);
SDSIM_REDIS_HANDLER(zlexcount);
SDSIM_REDIS_HANDLER(zremrangebyscore);
SDSIM_REDIS_HANDLER(zremrangebylex);

SDSIM_REDIS_HANDLER(set);
SDSIM_REDIS_HANDLER(get);
SDSIM_REDIS_HANDLER(mget);
SDSIM_REDIS_HANDLER(del);
SDSIM_REDIS_HANDLER(exists);
SDSIM_REDIS_HANDLER(expire);
SDSIM_REDIS_HANDLER(pexpire);
SDSIM_REDIS_HANDLER(ttl);
SDSIM_REDIS_HANDLER(pttl);
SDSIM_REDIS_HANDLER(persist);
SDSIM_REDIS_HANDLER(type);

SDSIM_REDIS_HANDLER(ping);
SDSIM_REDIS_HANDLER(echo);
SDSIM_REDIS_HANDLER(flushall);
SDSIM_REDIS_HANDLER(cluster_keyslot);
SDSIM_REDIS_HANDLER(publish);

#undef SDSIM_REDIS_HANDLER

}  // namespace sdsim::storage::redis::commands
