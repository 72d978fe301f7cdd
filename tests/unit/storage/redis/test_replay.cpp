// replay(): redis-cli's interactive loop as it behaves with lines piped on stdin.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "sim/storage/redis/replay.hpp"

namespace {

std::string replay(const std::string& input, std::uint64_t seed = 1) {
  std::istringstream in(input);
  std::ostringstream out;
  sdsim::storage::redis::replay(in, out, seed);
  return out.str();
}

}  // namespace

TEST_CASE("storage/redis: replay prints what redis-cli --no-raw prints") {
  CHECK(replay("ZADD z 1 a 2 b\nZRANGE z 0 -1 WITHSCORES\n") ==
        "(integer) 2\n1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"2\"\n");
  CHECK(replay("\n   \nPING\n") == "PONG\n");  // blank lines are skipped
  CHECK(replay("GET \"open\n") == "Invalid argument(s)\n");
  CHECK(replay("3 ZINCRBY z 1 m\nZSCORE z m\n") == "\"1\"\n\"2\"\n\"3\"\n\"3\"\n");  // repeat
  CHECK(replay("0 PING\n") == "Invalid redis-cli repeat command option value.\n");
  CHECK(replay("5\n") == "(error) ERR unknown command '5', with args beginning with: \n");
  CHECK(replay("PING\nQUIT\nPING\n") == "PONG\n");  // QUIT ends the session
  CHECK(replay("PING") == "PONG\n");                // a last line without newline
  CHECK(replay(":set foo\n") == "unknown redis-cli preference 'foo'\n");
}

// redis-cli reads one reply per command, so UNSUBSCRIBE a b (two replies) shifts the rest:
// what a 7.0.15 redis-cli printed for these lines.
TEST_CASE("storage/redis: replay keeps redis-cli's reply stream") {
  CHECK(replay("UNSUBSCRIBE a b\nPING\nGET x\n") ==
        "1) \"unsubscribe\"\n2) \"a\"\n3) (integer) 0\n"
        "1) \"unsubscribe\"\n2) \"b\"\n3) (integer) 0\n"
        "PONG\n");
}

// In redis-cli, SUBSCRIBE enters pub/sub mode and waits for messages; nobody else can
// publish in a replay, so the replay ends there. An erroneous SUBSCRIBE returns to commands.
TEST_CASE("storage/redis: replay SUBSCRIBE ends the session like redis-cli's wait") {
  CHECK(replay("PUBLISH ch x\nSUBSCRIBE ch other\nPING\n") ==
        "(integer) 0\nReading messages... (press Ctrl-C to quit)\n"
        "1) \"subscribe\"\n2) \"ch\"\n3) (integer) 1\n"
        "1) \"subscribe\"\n2) \"other\"\n3) (integer) 2\n");
  CHECK(replay("SUBSCRIBE\nPING\n") ==
        "Reading messages... (press Ctrl-C to quit)\n"
        "(error) ERR wrong number of arguments for 'subscribe' command\nPONG\n");
}

TEST_CASE("storage/redis: replay is deterministic for a seed") {
  std::string script;
  for (int i = 0; i < 300; ++i) {
    script += "ZADD z " + std::to_string(i % 17) + " m" + std::to_string(i) + "\n";
    script += "ZREVRANK z m" + std::to_string(i / 2) + "\n";
  }
  script += "ZRANGE z 0 -1 WITHSCORES\n";
  const std::string first = replay(script, 7);
  CHECK(first == replay(script, 7));
  CHECK(first == replay(script, 8));  // levels differ by seed, answers never do
  CHECK(first.find("(error)") == std::string::npos);
}
