#!/usr/bin/env bash
# Scale-out benchmark (docs/benchmarks.md, "Scale-out"): `mailstore bench lmtp` and `bench imap` against
# one serve instance, then against three instances behind HAProxy, on this one machine.
#
# Layout, as docs/operations.md "Scale-out" describes it, all under a temporary directory:
#   ms1: `serve` with the embedded PostgreSQL (the one database) on 127.0.0.1:$PG_PORT
#   ms2, ms3: `serve` with db.url pointing at that PostgreSQL (no embedded PostgreSQL of their own)
#   shared/blobs, shared/journal: blob.dir and journal.dir of all three; each its own data.dir and instance.id
#   HAProxy: packaging/haproxy/mailstore.cfg with its @TOKEN@s filled in (the file the test runs too)
# The single-instance run is ms1 alone, before ms2, ms3 and HAProxy start; the three-instance run goes through
# HAProxy to all three. Same database, same accounts; the second run starts with the first run's messages stored.
#
# Knobs (environment): CONNECTIONS (16), MESSAGES (5000), SIZE (4096), WARMUP (1000) for LMTP; CLIENTS (50),
# SECONDS_MEASURED (30), IMAP_WARMUP (3), MAILBOX_MESSAGES (1000) for IMAP; PG_PORT (25432), BASE_PORT (25000);
# PASSES (1): how often each layout runs both loads; with 2 or more the earlier passes are warm-up (each JVM has
# compiled its hot paths before the measured pass, as in a server that has run for a while) and the ratios use the last.
# Each of the three instances runs 3 x (PASSES - 1) warm-up passes' worth of load through the balancer, so every JVM
# has served as much before the measured pass as the one instance did (one instance's share of a pass is a third).
# POOL_ONE (10), POOL_THREE (4): db.pool.size of the one instance and of each of the three. docs/operations.md sizes
# pools by their sum over the instances (4 x 3 keeps the one instance's 9 working connections, plus one LISTEN
# each); when they (or the JAVA_OPTS below) differ, ms1 restarts with the three's settings before their passes.
# JAVA_OPTS_ONE, JAVA_OPTS_THREE (empty): MAILSTORE_JAVA_OPTS of the one instance and of each of the three (e.g.
# -XX:ActiveProcessorCount=1 to size each of three JVMs for its share of the cores).
# JFR_DIR (unset): when set, every serve JVM records a JFR profile of each measured pass (not the warm-up passes) into
# JFR_DIR/<pass>-<instance>.jfr, e.g. for `jfr view --width 160 hot-methods FILE`.
# ONE_AGAIN (0): with 1, after the three instances ms2, ms3 and HAProxy stop and ms1 runs alone again with the one
# instance's settings (its warm-up passes first): an A-B-A order, so that what changes with the database's growth
# over the run (every pass adds MESSAGES + WARMUP deliveries) is not counted against the layout measured second. The
# ratios then divide by the mean of the two single-instance rates, and the script prints both.
# After each load the script waits until the search text queue (indexed after delivery, schema V10) is empty, so each
# load is measured without the indexing that the previous one left behind, prints how long that took and the CPU
# seconds each process used from the start of the load to the drain (the load's work with its search text).
# Needs haproxy (installs Debian's package when missing and run as root).
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-16}
MESSAGES=${MESSAGES:-5000}
SIZE=${SIZE:-4096}
WARMUP=${WARMUP:-1000}
CLIENTS=${CLIENTS:-50}
SECONDS_MEASURED=${SECONDS_MEASURED:-30}
IMAP_WARMUP=${IMAP_WARMUP:-3}
MAILBOX_MESSAGES=${MAILBOX_MESSAGES:-1000}
PG_PORT=${PG_PORT:-25432}
BASE_PORT=${BASE_PORT:-25000}
PASSES=${PASSES:-1}
POOL_ONE=${POOL_ONE:-10}
POOL_THREE=${POOL_THREE:-4}
pool_size=$POOL_ONE
JAVA_OPTS_ONE=${JAVA_OPTS_ONE:-}
JAVA_OPTS_THREE=${JAVA_OPTS_THREE:-}
ONE_AGAIN=${ONE_AGAIN:-0}
java_opts=$JAVA_OPTS_ONE
DOMAIN=bench.test
PREFIX=bench
PASSWORD=bench

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mailstore="$root/bin/mailstore"
JAVA_HOME="$("$root/bin/find-jdk")"
work="$(mktemp -d /tmp/scale-out-bench.XXXXXX)"
pids=()

cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null && wait "${pids[$i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port() { echo $((BASE_PORT + 10 * $1 + $2)); } # instance (0 = the balancer), protocol (1 lmtp, 2 imap, 3 pop3, 4 http)

instance_env() { # n: exports the settings of instance msN
  export MAILSTORE_DATA_DIR="$work/ms$1" MAILSTORE_INSTANCE_ID="ms$1"
  export MAILSTORE_BLOB_DIR="$work/shared/blobs" MAILSTORE_JOURNAL_DIR="$work/shared/journal"
  export MAILSTORE_LMTP_LISTEN="127.0.0.1:$(port "$1" 1)" MAILSTORE_IMAP_LISTEN="127.0.0.1:$(port "$1" 2)"
  export MAILSTORE_POP3_LISTEN="127.0.0.1:$(port "$1" 3)" MAILSTORE_HTTP_LISTEN="127.0.0.1:$(port "$1" 4)"
  export MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAPS_LISTEN=off
  export MAILSTORE_DB_POOL_SIZE="$pool_size" MAILSTORE_JAVA_OPTS="$java_opts"
  if [ "$1" = 1 ]; then
    export MAILSTORE_DB_EMBEDDED_PORT="$PG_PORT"
    unset MAILSTORE_DB_URL MAILSTORE_DB_USER
  else
    export MAILSTORE_DB_URL="jdbc:postgresql://localhost:$PG_PORT/mailstore" MAILSTORE_DB_USER=postgres
  fi
}

start_instance() { # n
  mkdir -p "$work/ms$1"
  (instance_env "$1"; exec "$mailstore" serve > "$work/ms$1.log" 2>&1 < /dev/null) &
  pids+=($!)
  for _ in $(seq 1 300); do grep -qs "mailstore ready" "$work/ms$1.log" && return 0; sleep 1; done
  cat "$work/ms$1.log" >&2
  exit 1
}

. "$root/bench/cpu.sh" # cpu_ticks

jfr() { # start|stop name: a JFR recording of the measured pass name in every serve JVM, when JFR_DIR is set
  [ -n "${JFR_DIR:-}" ] && [[ $2 != *warmup* ]] || return 0
  local i
  mkdir -p "$JFR_DIR"
  for i in "${!servers[@]}"; do
    [[ ${names[$i]} == ms* ]] || continue
    if [ "$1" = start ]; then
      "$JAVA_HOME/bin/jcmd" "${servers[$i]}" JFR.start name="$2" settings=profile >/dev/null
    else
      "$JAVA_HOME/bin/jcmd" "${servers[$i]}" JFR.stop name="$2" filename="$(cd "$JFR_DIR" && pwd)/$2-${names[$i]}.jfr" >/dev/null
    fi
  done
}

# Waits until serve's search text indexer has caught up (schema V10: delivery and APPEND queue the text, written
# after them), so that no load starts with the indexing that the load before it left. Prints how long it waited.
settle() { # name
  local q t0=$SECONDS metrics="127.0.0.1:$(port 1 4)/metrics"
  for _ in $(seq 1 600); do
    q=$(curl -s "$metrics" | awk '/^mailstore_search_text_queued/ {printf "%d", $2}')
    [ "${q:-0}" = 0 ] && break
    sleep 0.5
  done
  printf "%-14s search text queue drained %d s after the load\n" "" $((SECONDS - t0))
}

measured() { # name command...: runs the bench, prints its result and the CPU every server process used meanwhile
  local name=$1 before=() after=() i hz
  shift
  hz=$(getconf CLK_TCK)
  for p in "${servers[@]}"; do before+=("$(cpu_ticks "$p" reaped)"); done
  echo "== $name" >&2
  jfr start "$name"
  "$@" > "$work/$name.out" || { cat "$work/$name.out" >&2; echo "$name failed" >&2; exit 1; }
  jfr stop "$name"
  for p in "${servers[@]}"; do after+=("$(cpu_ticks "$p" reaped)"); done
  printf "%-14s %s\n" "$name:" "$(grep '^result' "$work/$name.out")"
  printf "%-14s cpu seconds (user + system), context switches (voluntary/involuntary):\n" ""
  for i in "${!before[@]}"; do
    awk -v n="${names[$i]}" -v hz="$hz" -v a="${after[$i]}" -v b="${before[$i]}" 'BEGIN {
      split(a, x, " "); split(b, y, " ")
      printf "%-14s %-10s %6.1f (%.1f + %.1f)  %d/%d\n", "", n, (x[1] + x[2] - y[1] - y[2]) / hz, (x[1] - y[1]) / hz,
        (x[2] - y[2]) / hz, x[3] - y[3], x[4] - y[4] }'
  done
  settle
  # Search text is indexed after delivery (schema V10): what the load left queued is indexed during the drain, so
  # CPU up to the drain is the load's whole work, whichever layout indexed more of it while the load ran.
  printf "%-14s cpu seconds up to the drain:" ""
  for i in "${!before[@]}"; do
    awk -v n="${names[$i]}" -v hz="$hz" -v a="$(cpu_ticks "${servers[$i]}" reaped)" -v b="${before[$i]}" 'BEGIN {
      split(a, x, " "); split(b, y, " "); printf " %s %.1f;", n, (x[1] + x[2] - y[1] - y[2]) / hz }'
  done
  echo
}

lmtp_load() { # name port
  measured "$1" "$mailstore" bench lmtp --port "$2" --connections "$CONNECTIONS" --messages "$MESSAGES" --size "$SIZE" \
    --warmup "$WARMUP" --address-format "${PREFIX}lmtp%d@$DOMAIN"
  grep -q ' 0 failed' "$work/$1.out" || { echo "deliveries in $1 failed" >&2; exit 1; }
}

imap_load() { # name port
  measured "$1" "$mailstore" bench imap --port "$2" --clients "$CLIENTS" --seconds "$SECONDS_MEASURED" --warmup "$IMAP_WARMUP" \
    --user-prefix "$PREFIX" --domain "$DOMAIN" --password "$PASSWORD" --mailbox-messages "$MAILBOX_MESSAGES" --size "$SIZE" --setup
}

both_loads() { # layout instances lmtp-port imap-port: instances x (PASSES - 1) warm-up passes, then the measured one
  local i layout=$1 warmups=$(($2 * (PASSES - 1)))
  shift 2
  set -- "$layout" "$@"
  for ((i = 1; i <= warmups; i++)); do
    lmtp_load "lmtp-$1-warmup$i" "$2"
    imap_load "imap-$1-warmup$i" "$3"
  done
  lmtp_load "lmtp-$1" "$2"
  imap_load "imap-$1" "$3"
}

if [ ! -x /usr/sbin/haproxy ]; then
  echo "installing HAProxy ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi
"$mailstore" --version >/dev/null # builds the jar first if needed

start_instance 1
# IMAP client c uses bench<c>; LMTP connection c delivers to benchlmtp<c>, so the IMAP mailboxes keep their
# MAILBOX_MESSAGES in every pass instead of growing with each pass's deliveries.
users=()
for i in $(seq 0 $((CLIENTS - 1))); do users+=("$PREFIX$i@$DOMAIN"); done
for i in $(seq 0 $((CONNECTIONS - 1))); do users+=("${PREFIX}lmtp$i@$DOMAIN"); done
# One at a time: commands attaching to the embedded PostgreSQL together can race to create its database.
# A command is not an instance: it gets an instance id of its own, or its journal segment would collide with ms1's.
for u in "${users[@]}"; do
  (instance_env 1; export MAILSTORE_INSTANCE_ID=bench-cli; echo "$PASSWORD" | "$mailstore" account add "$u" --password-stdin >/dev/null)
done

java_of() { pgrep -P "$1" -f mailstore.jar || echo "$1"; }
servers=("$(java_of "${pids[0]}")" "$(head -1 "$work/ms1/pg/postmaster.pid")")
names=(ms1 postgresql)
both_loads one 1 "$(port 1 1)" "$(port 1 2)"

if [ "$POOL_THREE" != "$POOL_ONE" ] || [ "$JAVA_OPTS_THREE" != "$JAVA_OPTS_ONE" ]; then
  kill "${pids[0]}" && wait "${pids[0]}" || true
  pool_size=$POOL_THREE java_opts=$JAVA_OPTS_THREE
  mv "$work/ms1.log" "$work/ms1-one.log"
  start_instance 1
  pids=("${pids[@]:1}")
  servers=("$(java_of "${pids[0]}")" "$(head -1 "$work/ms1/pg/postmaster.pid")")
fi

start_instance 2
start_instance 3
tokens=(-e "s#@STATS_SOCKET@#$work/haproxy.sock#" -e "s#@BIND@#127.0.0.1#")
for p in 1:LMTP 2:IMAP 3:POP3; do tokens+=(-e "s#@${p#*:}_PORT@#$(port 0 "${p%%:*}")#"); done
for n in 1 2 3; do
  tokens+=(-e "s#@MS${n}_HOST@#127.0.0.1#")
  for p in 1:LMTP 2:IMAP 3:POP3 4:HTTP; do tokens+=(-e "s#@MS${n}_${p#*:}@#$(port "$n" "${p%%:*}")#"); done
done
sed "${tokens[@]}" "$root/packaging/haproxy/mailstore.cfg" > "$work/haproxy.cfg"
/usr/sbin/haproxy -c -q -f "$work/haproxy.cfg"
/usr/sbin/haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)
sleep 5 # two passing health checks (rise 2, inter 2s) before HAProxy sends anything to a server
servers+=("$(java_of "${pids[1]}")" "$(java_of "${pids[2]}")" "${pids[3]}")
names+=(ms2 ms3 haproxy)
both_loads three 3 "$(port 0 1)" "$(port 0 2)"

if [ "$ONE_AGAIN" = 1 ]; then
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null && wait "${pids[$i]}" 2>/dev/null || true; done
  pids=()
  pool_size=$POOL_ONE java_opts=$JAVA_OPTS_ONE
  mv "$work/ms1.log" "$work/ms1-three.log"
  start_instance 1
  servers=("$(java_of "${pids[0]}")" "$(head -1 "$work/ms1/pg/postmaster.pid")")
  names=(ms1 postgresql)
  both_loads one-again 1 "$(port 1 1)" "$(port 1 2)"
fi

rate() { sed -n 's/^result: \([0-9.]*\) \(messages\|operations\)\/s.*/\1/p' "$work/$1.out"; }
ratio() { # load: three / one, or three / the mean of one and one-again
  if [ "$ONE_AGAIN" = 1 ]; then
    awk -v l="$1" -v a="$(rate "$1-three")" -v b="$(rate "$1-one")" -v c="$(rate "$1-one-again")" \
      'BEGIN { printf "%s three/one: %.2f (one %.1f, one again %.1f: three / their mean)\n", l, 2 * a / (b + c), b, c }'
  else
    awk -v l="$1" -v a="$(rate "$1-three")" -v b="$(rate "$1-one")" 'BEGIN { printf "%s three/one: %.2f\n", l, a / b }'
  fi
}
echo "machine: $(nproc) cores, load average before the end: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio lmtp
ratio imap
