#!/usr/bin/env bash
# The same LMTP load against several builds of mailstore, interleaved, a fresh serve and embedded PostgreSQL
# for every run: the A/B of a change that a single run's spread would hide.
#
#   bench/lmtp-builds.sh [--rounds N] JAR...        e.g. a jar built at the old commit and server/target/mailstore.jar
#
# Each round runs every jar once, in the order given. Load: CONNECTIONS (16) sessions, MESSAGES (3000) measured
# messages of SIZE (4096) bytes after WARMUP (500), one recipient each. Per run it prints the bench result, the CPU
# seconds of PostgreSQL and of the serve JVM during the bench, and, for builds that index search text after
# delivery (schema V10), the blobs still queued when the bench ended and how long serve took to drain them (the
# mailstore_search_text_queued gauge, polled every 0.5 s). Runs in a temporary directory, removed at the end.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-16}
MESSAGES=${MESSAGES:-3000}
SIZE=${SIZE:-4096}
WARMUP=${WARMUP:-500}
LMTP_PORT=${LMTP_PORT:-22428}
HTTP_PORT=${HTTP_PORT:-22429}
rounds=1

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --*) usage >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { usage >&2; exit 2; }
for jar in "$@"; do [ -f "$jar" ] || { echo "no such jar: $jar" >&2; exit 2; }; done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="$("$root/bin/find-jdk")/bin/java"
work="$(mktemp -d /tmp/lmtp-builds.XXXXXX)"
serve_pid=""
stop_serve() { [ -z "$serve_pid" ] || { kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null || true; serve_pid=""; }; }
trap 'stop_serve; rm -rf "$work"' EXIT

export MAILSTORE_LMTP_LISTEN="127.0.0.1:$LMTP_PORT" MAILSTORE_HTTP_LISTEN="127.0.0.1:$HTTP_PORT"
export MAILSTORE_POP3_LISTEN=off MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAP_LISTEN=off MAILSTORE_IMAPS_LISTEN=off

. "$root/bench/cpu.sh" # cpu_ticks
busy_ticks() { cpu_ticks "$1" | awk '{ print $1 + $2 }'; } # pid: user + system ticks of it and its running children
queued() { curl -s "127.0.0.1:$HTTP_PORT/metrics" | awk '/^mailstore_search_text_queued/ {printf "%d", $2}'; }

run() { # jar label
  local jar=$1 dir="$work/$2" pg j0 j1 c0 c1 t0 q0 q
  mkdir -p "$dir"
  export MAILSTORE_DATA_DIR="$dir/data"
  "$java" -jar "$jar" serve > "$dir/serve.log" 2>&1 < /dev/null &
  serve_pid=$!
  for _ in $(seq 1 120); do grep -q "mailstore ready" "$dir/serve.log" && break; sleep 1; done
  grep -q "mailstore ready" "$dir/serve.log" || { cat "$dir/serve.log" >&2; exit 1; }
  for i in $(seq 0 $((CONNECTIONS - 1))); do
    echo secret | "$java" -jar "$jar" account add "bench$i@bench.test" --password-stdin > /dev/null
  done
  pg=$(head -1 "$dir/data/pg/postmaster.pid")
  c0=$(busy_ticks "$pg"); j0=$(busy_ticks "$serve_pid")
  "$java" -jar "$jar" bench lmtp --port "$LMTP_PORT" --connections "$CONNECTIONS" --messages "$MESSAGES" --size "$SIZE" \
    --warmup "$WARMUP" --address-format 'bench%d@bench.test' > "$dir/bench.out"
  c1=$(busy_ticks "$pg"); j1=$(busy_ticks "$serve_pid")
  t0=$(date +%s.%N); q0=$(queued); q=$q0
  while [ -n "$q" ] && [ "$q" != 0 ]; do sleep 0.5; q=$(queued); done
  printf '%s %s | cpu s: postgres %s, serve %s' "$2" "$(grep '^result' "$dir/bench.out")" \
    "$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')" \
    "$(awk -v t=$((j1 - j0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')"
  [ -z "$q0" ] || printf ' | queued at the end %s, drained in %.1f s' "$q0" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
  echo
  stop_serve
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $CONNECTIONS connections, $MESSAGES messages of $SIZE bytes after $WARMUP"
for r in $(seq 1 "$rounds"); do
  n=0
  for jar in "$@"; do n=$((n + 1)); run "$jar" "round$r-build$n"; done
done
