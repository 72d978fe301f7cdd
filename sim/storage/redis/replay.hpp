// Command replay: Redis commands from a text file through the storage blocks, printed as
// redis-cli prints them. This is what `sdsim replay redis FILE` runs.
#pragma once

#include <cstdint>
#include <iosfwd>

namespace sdsim::storage::redis {

// Reads `in` one command per line and writes to `out` exactly what `redis-cli --no-raw` prints
// when the same lines are piped into its interactive mode against a fresh Redis 7.0 server.
// Lines are split into arguments as redis-cli splits them (command_line.hpp); an unbalanced
// quote prints "Invalid argument(s)"; empty lines are skipped; a leading number repeats the
// command ("3 ZINCRBY k 1 m"); QUIT or EXIT ends the replay; a SUBSCRIBE or PSUBSCRIBE that
// succeeds prints redis-cli's "Reading messages..." banner and its confirmations and ends the
// replay (redis-cli would wait for messages forever). Replies are read in order as redis-cli
// reads them, so a command Redis answers several times (UNSUBSCRIBE a b) shifts the replies
// after it, as it does in redis-cli. Commands run on one Database (database.hpp) whose
// randomness derives from `seed`; the clock stays at 0 s, so TTLs never run down and
// absolute expiry times (EXAT, PXAT) count from the Unix epoch. Not emulated: HELP, CONNECT
// (prints nothing here), and commands outside command_table.cpp (Redis's unknown-command
// error is printed instead).
void replay(std::istream& in, std::ostream& out, std::uint64_t seed);

}  // namespace sdsim::storage::redis
