#!/usr/bin/env bash
# Differential test of the SQL block (sim/storage/sql) against a real PostgreSQL.
#   tests/diff/postgres.sh SDSIM SOURCE_DIR BUILD_DIR
# For every schedule in tests/diff/sql/*.schedule it runs the block through
# BUILD_DIR/diff/sql_schedule, and the same SQL through PostgreSQL (one connection per session,
# a statement that does not answer within BLOCK_TIMEOUT seconds counted as blocked and left
# running), then diffs the two traces. A throw-away cluster is initialised in a temp dir on a
# private port with no TCP listener, deadlock_timeout equal to 100ms (checks complete before
# the next step, so the transaction whose wait closes a cycle is the victim on both sides), and
# removed on exit. If PostgreSQL cannot be started the test fails: it never skips.
set -uo pipefail

sdsim=${1:?usage: postgres.sh SDSIM SOURCE_DIR BUILD_DIR}
source_dir=${2:?usage: postgres.sh SDSIM SOURCE_DIR BUILD_DIR}
build_dir=${3:?usage: postgres.sh SDSIM SOURCE_DIR BUILD_DIR}
driver="$build_dir/diff/sql_schedule"
schedules=("$source_dir"/tests/diff/sql/*.schedule)
port=${SQL_DIFF_PORT:-$((54000 + $$ % 1000))}

fail() { echo "FAIL (diff:postgres): $*" >&2; exit 1; }

[ -x "$driver" ] || fail "the schedule driver $driver is missing (build the sql_schedule target)"
[ -e "${schedules[0]}" ] || fail "no schedules in $source_dir/tests/diff/sql"
pg_bin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin "$(pg_config --bindir 2>/dev/null)"; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then pg_bin=$dir; break; fi
done
[ -n "$pg_bin" ] || fail "PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql (.ci/deps)"
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3)
"$python" -c "import psycopg2" 2>/dev/null || fail "python3-psycopg2 is not installed (.ci/deps)"

# PostgreSQL refuses to run as root: then the cluster belongs to Debian's postgres user.
as_owner=()
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-pg.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root and there is no postgres user to own the cluster"
  chown postgres "$tmp"
  as_owner=(runuser -u postgres --)
fi
data="$tmp/data"
cleanup() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$data" -A trust -U postgres >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; fail "initdb failed"; }
# fsync=off only matters for an OS crash; RESTART is an immediate shutdown and WAL recovery.
options="-p $port -k $tmp -c listen_addresses='' -c max_prepared_transactions=16"
options+=" -c deadlock_timeout=100ms -c autovacuum=off -c fsync=off"
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 30 -o "$options" start \
  >/dev/null 2>&1 || { cat "$tmp/server.log" >&2; fail "PostgreSQL could not be started"; }
setting=$(psql -h "$tmp" -p "$port" -U postgres -d postgres -qAtc "SHOW deadlock_timeout" 2>&1)
[ "$setting" = "100ms" ] || fail "PostgreSQL did not take deadlock_timeout=100ms (got: $setting)"

cat >"$tmp/pg_schedule.py" <<'PYTHON'
# Runs a schedule against PostgreSQL and prints the trace format of tests/diff/sql_schedule.cpp.
import os, queue, subprocess, sys, threading, time
import psycopg2

# A statement counts as blocked only when PostgreSQL says so: its backend holds an ungranted
# lock (pg_locks; a lock is granted to a waiter by the releasing backend, before it returns).
# A statement that is merely slow (a loaded machine) is waited for, up to SLOW_LIMIT, so the
# trace does not depend on timing.
BLOCK_TIMEOUT = float(os.environ.get("BLOCK_TIMEOUT", "0.6"))  # at least this long for an answer
SETTLE = float(os.environ.get("SETTLE", "0.25"))  # at least this long for released waiters
SLOW_LIMIT = float(os.environ.get("SLOW_LIMIT", "30"))  # a running statement's longest wait
dsn = os.environ["PGDSN"]
results = queue.Queue()
monitor = None

def lock_waiting(pid):
    global monitor
    try:
        if monitor is None or monitor.closed:
            monitor = psycopg2.connect(dsn)
            monitor.autocommit = True
        cur = monitor.cursor()
        cur.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted LIMIT 1", (pid,))
        return cur.fetchone() is not None
    except psycopg2.Error:
        monitor = None
        return True  # the server is gone (a RESTART): nothing will answer

def show(v):
    if v is None: return "NULL"
    if isinstance(v, float): return "%.6g" % v
    return str(v)

class Session:
    """One connection and a thread, so a statement that blocks leaves the driver free."""
    def __init__(self):
        self.conn = psycopg2.connect(dsn)
        self.conn.autocommit = True  # BEGIN/COMMIT come from the schedule
        cur = self.conn.cursor()
        cur.execute("SELECT pg_backend_pid()")
        self.pid = cur.fetchone()[0]
        self.inbox = queue.Queue()
        threading.Thread(target=self.serve, daemon=True).start()
    def serve(self):
        while True:
            item = self.inbox.get()
            if item is None: return
            step, name, sql = item
            cur = self.conn.cursor()
            try:
                cur.execute(sql)
                out = cur.statusmessage
                if cur.description is not None:
                    rows = sorted("(" + ", ".join(show(v) for v in r) + ")" for r in cur.fetchall())
                    out += "".join(" " + r for r in rows)
            except psycopg2.Error as e:
                out = "ERROR %s" % e.pgcode
            except Exception as e:  # a dead connection after RESTART, for instance
                out = "EXCEPTION %s" % type(e).__name__
            results.put((step, name, out))

sessions, pending = {}, {}

def restart():
    for s in sessions.values():
        s.inbox.put(None)
        try: s.conn.close()
        except Exception: pass
    sessions.clear(); pending.clear()
    subprocess.run(os.environ["PG_RESTART"], shell=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not results.empty(): results.get_nowait()

n = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line or line.startswith("#"): continue
    n += 1
    if line == "RESTART":
        restart(); print("%d RESTART => ok" % n); continue
    who, sql = (part.strip() for part in line.split(":", 1))
    if who not in sessions: sessions[who] = Session()
    sessions[who].inbox.put((n, who, sql))
    own, done = None, []
    start = time.time()
    while own is None:
        try: step, name, out = results.get(timeout=0.05)
        except queue.Empty:
            waited = time.time() - start
            if waited >= SLOW_LIMIT or (waited >= BLOCK_TIMEOUT and lock_waiting(sessions[who].pid)): break
            continue
        if step == n: own = out
        else: done.append((step, name, out)); pending.pop(name, None)
    if own is None: pending[who] = n
    start = time.time()
    while pending:  # waiters this step released: each answers, or is still waiting for a lock
        try: step, name, out = results.get(timeout=0.05)
        except queue.Empty:
            waited = time.time() - start
            if waited >= SLOW_LIMIT: break
            if waited >= SETTLE and all(lock_waiting(sessions[w].pid) for w in pending): break
            continue
        done.append((step, name, out)); pending.pop(name, None)
    print("%d %s: %s => %s" % (n, who, sql, own if own is not None else "blocked"))
    for step, name, out in sorted(done):
        print("   %d %s completes => %s" % (step, name, out))
    sys.stdout.flush()
PYTHON

restart_cmd="${as_owner[*]} $pg_bin/pg_ctl -D $data -l $tmp/server.log -w -t 30 -m immediate restart"
failures=0
start=$(date +%s)
for schedule in "${schedules[@]}"; do
  name=$(basename "$schedule" .schedule)
  db="s_$name"
  psql -h "$tmp" -p "$port" -U postgres -d postgres -qAtc "CREATE DATABASE $db" >/dev/null ||
    fail "cannot create database $db"
  PGDSN="host=$tmp port=$port user=postgres dbname=$db" PG_RESTART="$restart_cmd" \
    "$python" "$tmp/pg_schedule.py" "$schedule" >"$tmp/$name.postgres" 2>"$tmp/$name.postgres.err" ||
    { cat "$tmp/$name.postgres.err" >&2; fail "$name: the PostgreSQL side failed"; }
  "$driver" "$schedule" >"$tmp/$name.sdsim" 2>"$tmp/$name.sdsim.err" ||
    { cat "$tmp/$name.sdsim.err" >&2; fail "$name: sql_schedule failed"; }
  if cmp -s "$tmp/$name.postgres" "$tmp/$name.sdsim"; then
    echo "ok    $name ($(wc -l <"$tmp/$name.sdsim") lines)"
  else
    failures=$((failures + 1))
    echo "DIFF  $name: first difference (< PostgreSQL, > sdsim):"
    diff "$tmp/$name.postgres" "$tmp/$name.sdsim" | head -n 6
  fi
done
echo "$((${#schedules[@]} - failures))/${#schedules[@]} schedules match PostgreSQL ($(($(date +%s) - start)) s)"
[ "$failures" -eq 0 ] || fail "$failures schedule(s) differ from PostgreSQL"
