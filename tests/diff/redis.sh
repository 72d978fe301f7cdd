#!/usr/bin/env bash
# Differential test of the Redis blocks (sim/storage/{sorted_set,pubsub,kv_cache,redis})
# against a real redis-server:
#   1. seeded random command files (sorted sets with every ZADD flag, ties, -0, infinities,
#      ranges by rank/score/lex with LIMIT and exclusive bounds; strings with TTLs; wrong
#      types, syntax and arity errors; quoting styles; repeat prefixes) are piped into
#      `redis-cli --no-raw` and replayed by BUILD_DIR/diff/redis_replay: outputs must be
#      byte-identical;
#   2. CLUSTER KEYSLOT lines (hash tags, {} and {{a}} edge cases) against a second,
#      cluster-enabled server;
#   3. redis-cli's pub/sub mode: a file whose SUBSCRIBE makes redis-cli wait for ever
#      (cut by `timeout 1`) against the replay, which ends there;
#   4. pub/sub sessions with several connections (SUBSCRIBE/PSUBSCRIBE/UNSUBSCRIBE,
#      disconnects, PUBLISH receiver counts and who received what), driven by a small Python
#      RESP client on the real server and by `redis_replay --pubsub` on the block.
# On a difference it prints the first differing command and both replies. A missing or
# unstartable redis-server is a FAILURE, never a skip.
#
#   redis.sh SDSIM SOURCE_DIR BUILD_DIR      (SDSIM is unused: the blocks have their program)
# Environment: REDIS_DIFF_SEEDS (default "1 2 3 4 5 6"), REDIS_DIFF_COMMANDS per seed (1000), REDIS_DIFF_KEEP=1 keeps the work directory.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BUILD_DIR" >&2
  exit 2
fi
BUILD_DIR=$3
REPLAY=$BUILD_DIR/diff/redis_replay
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3
SEEDS=${REDIS_DIFF_SEEDS:-1 2 3 4 5 6}
COMMANDS=${REDIS_DIFF_COMMANDS:-1000}

fail() {
  echo "diff:redis FAILED: $*" >&2
  exit 1
}

[[ -x $REPLAY ]] || fail "$REPLAY is missing (build the redis_replay target)"
command -v redis-server >/dev/null || fail "redis-server is not installed (bash .ci/deps installs it)"
command -v redis-cli >/dev/null || fail "redis-cli is not installed"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-redis-diff.XXXXXX")
[[ -n ${REDIS_DIFF_KEEP:-} ]] && echo "work dir: $WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n ${REDIS_DIFF_KEEP:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT
trap "exit 143" TERM  # so that EXIT runs cleanup and the servers stop

# A port that is free together with port + 10000 (a cluster node's bus port, which must
# stay below 65536).
free_port() {
  "$PYTHON" - <<'PY'
import random, socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
rng = random.SystemRandom()
while True:
    port = rng.randrange(20000, 55000)
    if free(port) and free(port + 10000):
        print(port)
        break
PY
}

# start_server NAME PORT [extra redis-server options...]
start_server() {
  local name=$1 port=$2
  shift 2
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec redis-server --port "$port" --bind 127.0.0.1 --save "" \
     --appendonly no --daemonize no --dir "$WORK/$name" "$@" >"$WORK/$name/log" 2>&1) &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    if [[ $(redis-cli -p "$port" PING 2>/dev/null) == PONG ]]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break  # it died: no point in waiting
    sleep 0.1
  done
  cat "$WORK/$name/log" >&2 || true
  fail "redis-server ($name) did not start on port $port"
}

PORT=$(free_port)
start_server plain "$PORT"
CLUSTER_PORT=$(free_port)
start_server cluster "$CLUSTER_PORT" --cluster-enabled yes \
  --cluster-config-file "$WORK/cluster/nodes.conf"
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on ports $PORT and $CLUSTER_PORT"

GENERATOR=$WORK/generate.py
cat >"$GENERATOR" <<'PY'
"""Seeded random Redis command lines: generate.py commands|keyslots|pubsub SEED N OUT."""
import random
import sys

def quote(arg, rng):
    """Renders one argument so that redis-cli (sdssplitargs) reads it back unchanged."""
    plain_ok = arg != "" and all(c.isalnum() or c in "-+.()[]{}*?^!:_#@$%&=/,<>|~" for c in arg)
    style = rng.random()
    if plain_ok and style < 0.7:
        return arg
    if style < 0.85 and "'" not in arg and "\\" not in arg and all(" " <= c <= "~" for c in arg):
        return "'" + arg + "'"
    out = '"'
    for c in arg:
        if c in '"\\':
            out += "\\" + c
        elif c == "\n":
            out += "\\n"
        elif " " <= c <= "~":
            out += c
        else:
            out += "\\x%02x" % ord(c)
    return out + '"'

def line(args, rng):
    sep = "\t" if rng.random() < 0.03 else " "
    text = sep.join(quote(a, rng) for a in args)
    return text + (" " if rng.random() < 0.03 else "")

MEMBERS = ["a", "b", "c", "d", "aa", "ab", "B", "Z", "m1", "m2", "m10", "", "x y", "\xff",
           "q\"uote", "tab\there", "0", "-1", "1.5", "L" * 70]
SCORES = ["0", "1", "2", "3", "-1", "-2", "0.5", "1.5", "-0", "-0.0", "+inf", "-inf", "inf",
          "1.1", "1e20", "0.1", "3.0000000000000004", "0x10", "1e-300", "5e-324", "-3.25",
          "123456789012345678", "1E3", "+2"]
BAD_SCORES = ["abc", "", " 1", "1e400", "nan", "1 ", "--1", "1x", "-1e-400"]
BOUNDS = ["-inf", "+inf", "inf", "(-inf", "(+inf", "0", "(0", "1", "(1", "1.5", "(1.5", "2",
          "(2", "-1", "(-1", "3", "-0", "(0.5", "1e20", " 2", ""]
BAD_BOUNDS = ["abc", "(", "((1", "1x", "nan", "(nan"]
ZKEYS = ["z1", "z1", "z1", "z2", "z2", "big", "z3"]  # z3 is also SET now and then
SKEYS = ["s1", "s2"]

class Sequence:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.ttl = 1000  # every TTL distinct by >= 10 s, so clock drift never ties two

    def emit(self, *args):
        self.lines.append(line(list(args), self.rng))

    def fresh_ttl(self):
        self.ttl += 10 + self.rng.randrange(50)
        return self.ttl

    def member(self):
        return self.rng.choice(MEMBERS)

    def score(self):
        rng = self.rng
        r = rng.random()
        if r < 0.04:
            return rng.choice(BAD_SCORES)
        if r < 0.12:  # arbitrary doubles: %.17g formatting, sums that do not round-trip
            return rng.choice([repr(rng.uniform(-1e6, 1e6)), "%.3f" % rng.uniform(-10, 10),
                               "%de%d" % (rng.randrange(1, 10), rng.randrange(-320, 309))])
        return rng.choice(SCORES)

    def bound(self):
        return self.rng.choice(BAD_BOUNDS) if self.rng.random() < 0.03 else self.rng.choice(BOUNDS)

    def index(self):
        r = self.rng.random()
        if r < 0.03:
            return self.rng.choice(["abc", "1.5", "", "+1", "01"])
        if r < 0.15:
            return str(self.rng.choice([-100, 100, -1000000, 9223372036854775807]))
        return str(self.rng.randrange(-8, 9))

    def zkey(self):
        r = self.rng.random()
        if r < 0.05:
            return self.rng.choice(SKEYS)  # WRONGTYPE
        if r < 0.08:
            return "missing"
        return self.rng.choice(ZKEYS)

    def limit(self):
        return ["LIMIT", str(self.rng.randrange(-1, 6)), str(self.rng.randrange(-2, 6))]

    def zadd(self):
        rng = self.rng
        flags = [f for f in ["NX", "XX", "GT", "LT", "CH", "INCR"] if rng.random() < 0.12]
        if rng.random() < 0.3:
            flags = [f.lower() for f in flags]
        pairs = 1 if "INCR" in flags and rng.random() < 0.9 else rng.randrange(1, 4)
        args = ["ZADD", self.zkey()] + flags
        for _ in range(pairs):
            args += [self.score(), self.member()]
        if rng.random() < 0.03:
            args.pop()  # odd: syntax error
        self.emit(*args)

    def zrange(self):
        rng = self.rng
        key = self.zkey()
        kind = rng.random()
        if kind < 0.45:
            args = ["ZRANGE", key, self.index(), self.index()]
            if rng.random() < 0.2:
                args.append("REV")
        elif kind < 0.75:
            args = ["ZRANGE", key, self.bound(), self.bound(), "BYSCORE"]
            if rng.random() < 0.3:
                args.append("REV")
            if rng.random() < 0.4:
                args += self.limit()
        else:
            args = ["ZREVRANGE", key, self.index(), self.index()]
        if rng.random() < 0.4:
            args.append("WITHSCORES")
        if rng.random() < 0.05:
            args.append(rng.choice(["BYLEX", "LIMIT", "foo", "LIMIT 1", "BYSCORE"]))
        if rng.random() < 0.2:  # options in any order
            tail = args[4:]
            rng.shuffle(tail)
            args[4:] = tail
        self.emit(*args)

    def zrangebyscore(self):
        rng = self.rng
        name = rng.choice(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZCOUNT", "ZREMRANGEBYSCORE"])
        if name == "ZREMRANGEBYSCORE" and rng.random() < 0.6:
            name = "ZCOUNT"
        args = [name, self.zkey(), self.bound(), self.bound()]
        if name in ("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"):
            if rng.random() < 0.4:
                args.append("WITHSCORES")
            if rng.random() < 0.4:
                args += self.limit()
            if rng.random() < 0.03:
                args.append("REV")
        self.emit(*args)

    def lex(self):
        rng = self.rng
        lex_bounds = ["-", "+", "[a", "(a", "[b", "(b", "[aa", "(ab", "[c", "[", "(", "[m",
                      "(m1", "[Z", "a", "-a", "++"]
        r = rng.random()
        if r < 0.35:
            self.emit("ZADD", "lex", "0", self.member())
        elif r < 0.65:
            name = rng.choice(["ZRANGEBYLEX", "ZREVRANGEBYLEX"])
            args = [name, "lex", rng.choice(lex_bounds), rng.choice(lex_bounds)]
            if rng.random() < 0.4:
                args += self.limit()
            self.emit(*args)
        elif r < 0.8:
            args = ["ZRANGE", "lex", rng.choice(lex_bounds), rng.choice(lex_bounds), "BYLEX"]
            if rng.random() < 0.3:
                args.append("REV")
            if rng.random() < 0.3:
                args += self.limit()
            if rng.random() < 0.1:
                args.append("WITHSCORES")
            self.emit(*args)
        elif r < 0.95:
            self.emit("ZLEXCOUNT", "lex", rng.choice(lex_bounds), rng.choice(lex_bounds))
        else:
            self.emit("ZREMRANGEBYLEX", "lex", rng.choice(lex_bounds), rng.choice(lex_bounds))

    def strings(self):
        rng = self.rng
        key = rng.choice(SKEYS * 3 + ["z3", "missing"])
        r = rng.random()
        if r < 0.3:
            args = ["SET", key, rng.choice(["v", "hello world", "", "\x01\x02", "42"])]
            opts = []
            if rng.random() < 0.3:
                opts.append(rng.choice(["NX", "XX", "nx", "xx"]))
            if rng.random() < 0.3:
                opts += rng.choice([["EX", str(self.fresh_ttl())], ["PX", str(self.fresh_ttl() * 1000)],
                                    ["EX", "0"], ["EX", "-5"], ["EX", "abc"], ["PX", "1.5"],
                                    ["KEEPTTL"], ["EX"]])
            if rng.random() < 0.15:
                opts.append("GET")
            if rng.random() < 0.05:
                opts.append(rng.choice(["EX", "PX", "KEEPTTL", "bogus", "NX"]))
            if rng.random() < 0.2:
                rng.shuffle(opts)
            self.emit(*(args + opts))
        elif r < 0.45:
            self.emit("GET", key)
        elif r < 0.55:
            self.emit("DEL", *rng.sample(SKEYS + ["z3", "z2", "missing", "s1"], rng.randrange(1, 4)))
        elif r < 0.63:
            self.emit("EXISTS", *[rng.choice(SKEYS + ["z1", "z3", "missing"]) for _ in range(rng.randrange(1, 4))])
        elif r < 0.78:
            ttl = rng.choice([str(self.fresh_ttl())] * 6 + ["0", "-1", "abc"])
            args = [rng.choice(["EXPIRE", "EXPIRE", "PEXPIRE"]), key, ttl]
            if args[0] == "PEXPIRE" and ttl.isdigit() and ttl != "0":
                args[2] = ttl + "000"
            if rng.random() < 0.3:
                args.append(rng.choice(["NX", "XX", "GT", "LT", "gt", "bogus"]))
            if rng.random() < 0.05:
                args.append(rng.choice(["NX", "LT"]))
            self.emit(*args)
        elif r < 0.9:
            self.emit("TTL", key)
        elif r < 0.95:
            self.emit(rng.choice(["PERSIST", "TYPE"]), key)
        else:
            self.emit("PTTL", rng.choice(["absent", "nottl"]))  # keys that never get a TTL

    def misc(self):
        rng = self.rng
        r = rng.random()
        if r < 0.15:
            self.emit("PING", *rng.choice([[], ["hi there"], ["a", "b"]]))
        elif r < 0.25:
            self.emit("ECHO", rng.choice(["x", "", "two words"]))
        elif r < 0.35:
            self.emit("PUBLISH", rng.choice(["news", "x"]), "payload")
        elif r < 0.5:
            self.emit(rng.choice(["FOO", "zaddd", "getx"]), *rng.sample(["a", "b c", "d" * 140, ""], rng.randrange(0, 4)))
        elif r < 0.6:
            self.emit(*rng.choice([["ZADD", "z1"], ["ZADD"], ["ZINCRBY", "z1", "1"], ["ZSCORE", "z1"],
                                   ["ZCARD"], ["ZRANK", "z1"], ["GET"], ["SET", "k"], ["ZCOUNT", "z1", "1"],
                                   ["TTL"], ["ECHO", "a", "b"], ["FLUSHALL", "bogus"], ["PUBLISH", "x"]]))
        elif r < 0.7:
            self.lines.append(rng.choice(['ZADD z1 "1 a', "GET 'unterminated", 'GET "a"b', "ZSCORE z1 'a'b",
                                          '  ', '', 'zscore\tz1\ta', 'ZSCORE z1 a"b c"', "GET 'it\\'s'"]))
        elif r < 0.8:
            self.lines.append(rng.choice(["2 ZINCRBY z1 1 m1", "3 PING", "0 PING", "-1 PING", "1 ZCARD z1"]))
        elif r < 0.83:
            self.emit("FLUSHALL", *rng.choice([[], ["ASYNC"], ["sync"]]))
        elif r < 0.87:  # several replies to one command: redis-cli's later reads shift
            self.emit(rng.choice(["UNSUBSCRIBE", "PUNSUBSCRIBE"]), *rng.sample(["a", "b*", "c"], rng.randrange(0, 3)))
        else:
            self.emit("ZMSCORE", self.zkey(), *[self.member() for _ in range(rng.randrange(1, 4))])

    def command(self):
        rng = self.rng
        r = rng.random()
        if r < 0.26:
            self.zadd()
        elif r < 0.32:
            self.emit("ZINCRBY", self.zkey(), self.score(), self.member())
        elif r < 0.37:
            self.emit("ZREM", self.zkey(), *[self.member() for _ in range(rng.randrange(1, 3))])
        elif r < 0.43:
            self.emit(rng.choice(["ZRANK", "ZREVRANK"]), self.zkey(), self.member())
        elif r < 0.48:
            if rng.random() < 0.7:
                self.emit("ZSCORE", self.zkey(), self.member())
            else:
                self.emit("ZCARD", self.zkey())
        elif r < 0.62:
            self.zrange()
        elif r < 0.72:
            self.zrangebyscore()
        elif r < 0.78:
            self.lex()
        elif r < 0.92:
            self.strings()
        else:
            self.misc()

def commands(rng, n):
    seq = Sequence(rng)
    # A set past 128 members lives in a skip list in Redis (the -0 rule differs there).
    seq.emit("ZADD", "big", *sum(([str(rng.randrange(-3, 4)), "m%d" % i] for i in range(140)), []))
    seq.emit("ZADD", "big", "-0", "negzero")
    seq.emit("SET", "nottl", "x")
    while len(seq.lines) < n:
        seq.command()
    seq.emit("ZRANGE", "big", "0", "-1", "WITHSCORES")
    seq.emit("ZRANGE", "z1", "0", "-1", "WITHSCORES")
    seq.emit("ZRANGE", "z2", "0", "-1", "WITHSCORES")
    return seq.lines

def keyslots(rng, n):
    fixed = ["{}", "{{a}}", "a{b}c", "{a}{b}", "}{a}", "{", "}", "", "foo{}{bar}", "123456789",
             "{user1000}.following", "{user1000}.followers", "foo{{bar}}zap", "{}{a}", "a{}b{c}",
             "\xff{\x00}", "x y", "{ }"]
    lines = [line(["CLUSTER", "KEYSLOT", k], rng) for k in fixed]
    while len(lines) < n:
        r = rng.random()
        if r < 0.9:
            key = "".join(rng.choice("{}ab1 \xfe") for _ in range(rng.randrange(0, 9)))
            lines.append(line([rng.choice(["CLUSTER", "cluster"]), rng.choice(["KEYSLOT", "keyslot"]), key], rng))
        else:
            lines.append(line(rng.choice([["CLUSTER", "KEYSLOT"], ["CLUSTER", "KEYSLOT", "a", "b"],
                                          ["CLUSTER", "FOO"], ["CLUSTER"]]), rng))
    return lines

def pubsub(rng, n):
    channels = ["news", "news.art", "news.sport", "sport", "a", "ab", "b", "", "x y"]
    patterns = ["news.*", "*", "a?", "[ab]*", "s[^x]ort", "\\*", "a[", "n*s.?rt", "[a-b]", "?"]
    lines = []
    clients = [1, 2, 3, 4]
    def rand_pattern():
        return "".join(rng.choice("ab*?[]^-\\") for _ in range(rng.randrange(1, 5)))
    while len(lines) < n:
        r = rng.random()
        c = rng.choice(clients)
        if r < 0.2:
            lines.append("%d " % c + line(["SUBSCRIBE"] + rng.sample(channels, rng.randrange(1, 3)), rng))
        elif r < 0.35:
            pats = [rand_pattern() if rng.random() < 0.3 else rng.choice(patterns) for _ in range(rng.randrange(1, 3))]
            lines.append("%d " % c + line(["PSUBSCRIBE"] + pats, rng))
        elif r < 0.42:
            lines.append("%d " % c + line(["UNSUBSCRIBE"] + rng.sample(channels, rng.randrange(0, 3)), rng))
        elif r < 0.48:
            lines.append("%d " % c + line(["PUNSUBSCRIBE"] + rng.sample(patterns, rng.randrange(0, 2)), rng))
        elif r < 0.52:
            lines.append("%d DISCONNECT" % c)
        else:
            lines.append("0 " + line(["PUBLISH", rng.choice(channels), "m%d" % len(lines)], rng))
    return lines

kind, seed, n, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
result = {"commands": commands, "keyslots": keyslots, "pubsub": pubsub}[kind](rng, n)
with open(out, "w", encoding="latin-1", newline="\n") as f:
    f.write("\n".join(result) + "\n")
PY

# first_difference FILE PORT SEED: replays FILE with a marker after every line and names the
# first line whose replies differ.
first_difference() {
  local file=$1 port=$2 seed=$3
  "$PYTHON" - "$file" "$WORK/marked.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="latin-1").read().split("\n")[:-1]
with open(sys.argv[2], "w", encoding="latin-1", newline="\n") as f:
    for i, text in enumerate(lines):
        f.write(text + "\nECHO @@%d\n" % i)
PY
  redis-cli -p "$port" FLUSHALL >/dev/null
  redis-cli -p "$port" --no-raw <"$WORK/marked.txt" >"$WORK/marked.real" || true
  "$REPLAY" --seed "$seed" "$WORK/marked.txt" >"$WORK/marked.mine" || true
  "$PYTHON" - "$file" "$WORK/marked.real" "$WORK/marked.mine" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="latin-1").read().split("\n")[:-1]
def chunks(path):
    text = open(path, encoding="latin-1").read()
    return re.split(r'^"@@\d+"\n', text, flags=re.M)
real, mine = chunks(sys.argv[2]), chunks(sys.argv[3])
for i, text in enumerate(lines):
    r = real[i] if i < len(real) else "<missing>"
    m = mine[i] if i < len(mine) else "<missing>"
    if r != m:
        print("first differing command (line %d): %s" % (i + 1, text))
        print("  redis-server:\n    " + r.replace("\n", "\n    "))
        print("  block:\n    " + m.replace("\n", "\n    "))
        break
else:
    print("(the difference does not reproduce line by line; compare the whole outputs)")
PY
}

START=$(date +%s.%N)
TOTAL=0
for seed in $SEEDS; do
  file=$WORK/commands-$seed.txt
  "$PYTHON" "$GENERATOR" commands "$seed" "$COMMANDS" "$file"
  redis-cli -p "$PORT" FLUSHALL >/dev/null
  redis-cli -p "$PORT" --no-raw <"$file" >"$WORK/real-$seed.out"
  "$REPLAY" --seed "$seed" "$file" >"$WORK/mine-$seed.out"
  if ! cmp -s "$WORK/real-$seed.out" "$WORK/mine-$seed.out"; then
    first_difference "$file" "$PORT" "$seed"
    fail "commands, seed $seed: outputs differ"
  fi
  TOTAL=$((TOTAL + $(wc -l <"$file")))
done

file=$WORK/keyslots.txt
"$PYTHON" "$GENERATOR" keyslots 1 400 "$file"
redis-cli -p "$CLUSTER_PORT" --no-raw <"$file" >"$WORK/real-keyslots.out"
"$REPLAY" "$file" >"$WORK/mine-keyslots.out"
if ! cmp -s "$WORK/real-keyslots.out" "$WORK/mine-keyslots.out"; then
  first_difference "$file" "$CLUSTER_PORT" 1
  fail "CLUSTER KEYSLOT outputs differ"
fi
TOTAL=$((TOTAL + $(wc -l <"$file")))

# SUBSCRIBE puts redis-cli in pub/sub mode, waiting for messages for ever: one file ending
# that way, cut after a second on the real side (timeout's 124 is the expected exit).
file=$WORK/subscribe.txt
printf 'SUBSCRIBE\nPUBLISH ch x\n2 PSUBSCRIBE ch*\nPING\n' >"$file"
rc=0
timeout 1 redis-cli -p "$PORT" --no-raw <"$file" >"$WORK/real-subscribe.out" || rc=$?
[[ $rc -eq 124 ]] || fail "redis-cli did not wait in pub/sub mode (exit $rc)"
"$REPLAY" "$file" >"$WORK/mine-subscribe.out"
if ! cmp -s "$WORK/real-subscribe.out" "$WORK/mine-subscribe.out"; then
  diff "$WORK/real-subscribe.out" "$WORK/mine-subscribe.out" || true
  fail "SUBSCRIBE in redis-cli's pub/sub mode: outputs differ (< redis-server, > block)"
fi
TOTAL=$((TOTAL + 4))

# The real side of the pub/sub sessions: one socket per client id, RESP2.
RESP_CLIENT=$WORK/pubsub_client.py
cat >"$RESP_CLIENT" <<'PY'
"""Runs a pub/sub session file (see tests/diff/redis_replay.cpp) on a real server."""
import socket
import sys

def split(text):
    """The subset of sdssplitargs the generator writes: plain, '...' and "..." with escapes."""
    args, i = [], 0
    while i < len(text):
        if text[i] in " \t":
            i += 1
            continue
        cur = ""
        if text[i] == '"':
            i += 1
            while text[i] != '"':
                if text[i] == "\\":
                    i += 1
                    if text[i] == "x":
                        cur += chr(int(text[i + 1:i + 3], 16))
                        i += 2
                    else:
                        cur += {"n": "\n", "r": "\r", "t": "\t"}.get(text[i], text[i])
                else:
                    cur += text[i]
                i += 1
            i += 1
        elif text[i] == "'":
            j = text.index("'", i + 1)
            cur, i = text[i + 1:j], j + 1
        else:
            while i < len(text) and text[i] not in " \t":
                cur += text[i]
                i += 1
        args.append(cur)
    return args

class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def send(self, args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            data = a.encode("latin-1")
            out += b"$%d\r\n%s\r\n" % (len(data), data)
        self.sock.sendall(out)

    def read(self):
        head = self.file.readline()
        kind, rest = head[:1], head[1:-2]
        if kind == b"+":
            return ("status", rest.decode("latin-1"))
        if kind == b"-":
            return ("error", rest.decode("latin-1"))
        if kind == b":":
            return ("integer", int(rest))
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return ("nil", None)
            data = self.file.read(n + 2)[:-2]
            return ("bulk", data.decode("latin-1"))
        if kind == b"*":
            n = int(rest)
            return ("array", [self.read() for _ in range(n)]) if n >= 0 else ("nil", None)
        raise RuntimeError("bad reply %r" % head)

    def until_pong(self):
        """Sends PING and returns every reply before its answer (pushed messages, or the rest
        of a command's replies): the connection is then known to be idle."""
        self.send(["PING"])
        got = []
        while True:
            r = self.read()
            if r == ("status", "PONG") or (r[0] == "array" and r[1][0] == ("bulk", "pong")):
                return got
            got.append(r)

def quote(s):
    out = '"'
    for c in s:
        o = ord(c)
        if c in "\\\"":
            out += "\\" + c
        elif c == "\n":
            out += "\\n"
        elif c == "\r":
            out += "\\r"
        elif c == "\t":
            out += "\\t"
        elif c == "\a":
            out += "\\a"
        elif c == "\b":
            out += "\\b"
        elif 0x20 <= o < 0x7f:
            out += c
        else:
            out += "\\x%02x" % o
    return out + '"'

def cli(r, prefix=""):
    """redis-cli --no-raw formatting (cliFormatReplyTTY)."""
    kind, v = r
    if kind == "error":
        return "(error) %s\n" % v
    if kind == "status":
        return v + "\n"
    if kind == "integer":
        return "(integer) %d\n" % v
    if kind == "bulk":
        return quote(v) + "\n"
    if kind == "nil":
        return "(nil)\n"
    if not v:
        return "(empty array)\n"
    width = len(str(len(v)))
    out = ""
    for i, e in enumerate(v):
        out += ("" if i == 0 else prefix) + "%*d) " % (width, i + 1) + cli(e, prefix + " " * (width + 2))
    return out

def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    conns = {}
    def conn(c):
        if c not in conns:
            conns[c] = Connection(port)
            conns[c].send(["CLIENT", "ID"])
            conns[c].id = conns[c].read()[1]
        return conns[c]
    out = sys.stdout
    for text in open(path, encoding="latin-1").read().split("\n")[:-1]:
        client, rest = text.split(" ", 1)
        client = int(client)
        args = split(rest)
        out.write("[%d] %s\n" % (client, rest))
        if args[0] == "DISCONNECT":
            if client in conns:
                gone = conns.pop(client)
                gone.file.close()  # the file holds the socket open too
                gone.sock.close()
                # Wait until the server has dropped it, or a PUBLISH could still count it.
                for _ in range(10000):
                    conn(0).send(["CLIENT", "LIST", "ID", str(gone.id)])
                    if conn(0).read()[1] == "":
                        break
                else:
                    sys.exit("client %d never left the server" % client)
            continue
        c = conn(client)
        c.send(args)
        if args[0] == "PUBLISH":
            out.write(cli(c.read()))
            deliveries = []
            for who, other in conns.items():
                for kind, v in other.until_pong():
                    names = [e[1] for e in v]
                    if names[0] == "message":
                        deliveries.append("-> %d message %s %s" % (who, quote(names[1]), quote(names[2])))
                    else:
                        deliveries.append("-> %d pmessage %s %s %s" % (who, quote(names[1]), quote(names[2]), quote(names[3])))
            for d in sorted(deliveries):
                out.write(d + "\n")
            continue
        replies = c.until_pong()
        if len(args) == 1 and args[0] in ("UNSUBSCRIBE", "PUNSUBSCRIBE"):
            names = sorted(r[1][1][1] for r in replies if r[1][1][0] == "bulk")
            remaining = replies[-1][1][2][1]
            out.write("unsubscribed:" + "".join(" " + quote(n) for n in names) + " (remaining %d)\n" % remaining)
        else:
            for r in replies:
                out.write(cli(r))

main()
PY

for seed in $SEEDS; do
  file=$WORK/pubsub-$seed.txt
  "$PYTHON" "$GENERATOR" pubsub "$seed" 250 "$file"
  redis-cli -p "$PORT" FLUSHALL >/dev/null
  "$PYTHON" "$RESP_CLIENT" "$PORT" "$file" >"$WORK/real-pubsub-$seed.out" ||
    fail "the Python RESP client failed on $file"
  "$REPLAY" --pubsub "$file" >"$WORK/mine-pubsub-$seed.out"
  if ! cmp -s "$WORK/real-pubsub-$seed.out" "$WORK/mine-pubsub-$seed.out"; then
    diff "$WORK/real-pubsub-$seed.out" "$WORK/mine-pubsub-$seed.out" | head -20 || true
    fail "pub/sub session, seed $seed: outputs differ (< redis-server, > block)"
  fi
  TOTAL=$((TOTAL + $(wc -l <"$file")))
done

ELAPSED=$("$PYTHON" -c "print('%.1f' % ($(date +%s.%N) - $START))")
echo "diff:redis passed: $TOTAL command lines byte-identical to redis-server in ${ELAPSED}s"
