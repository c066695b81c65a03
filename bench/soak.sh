#!/usr/bin/env bash
# The long run of issue 12: `serve` (embedded PostgreSQL) under a steady mixed load for MINUTES (30): LMTP
# deliveries at LMTP_RATE (5) a second, IMAP_SESSIONS (500) IMAP sessions in IDLE spread over IMAP_USERS (20)
# users, each leaving IDLE for a NOOP every NOOP_INTERVAL (30) s, and POP3 sessions at POP3_RATE (1) a second
# that fetch and delete their mailbox. Each minute it prints the server's heap after a full GC (jcmd GC.run,
# then GC.heap_info), its thread count and open file descriptors, and the p99 latency of each protocol in
# that minute (bench/soak.py does the load and the sampling); the last line compares minute 5 with the end.
#
#   bench/soak.sh                 # 30 minutes
#   bench/soak.sh 3               # a short form, 3 minutes
#
# Everything lives in a temporary directory on the same disk as /tmp and is removed at the end. Exits 1 if
# any request failed or an IMAP session was lost.
set -euo pipefail

MINUTES=${1:-${MINUTES:-30}}
IMAP_SESSIONS=${IMAP_SESSIONS:-500}
IMAP_USERS=${IMAP_USERS:-20}
POP3_USERS=${POP3_USERS:-5}
LMTP_RATE=${LMTP_RATE:-5}
POP3_RATE=${POP3_RATE:-1}
NOOP_INTERVAL=${NOOP_INTERVAL:-30}
SIZE=${SIZE:-4000}
LMTP_PORT=${LMTP_PORT:-31424}
IMAP_PORT=${IMAP_PORT:-31143}
POP3_PORT=${POP3_PORT:-31110}
DOMAIN=soak.test
PASSWORD=secret

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mailstore="${MAILSTORE_COMMAND:-$root/bin/mailstore}" # another build of the command may be given
work="$(mktemp -d /tmp/soak.XXXXXX)"
serve_pid=""

cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export MAILSTORE_DATA_DIR="$work/mailstore"
export MAILSTORE_LMTP_LISTEN="127.0.0.1:$LMTP_PORT"
export MAILSTORE_IMAP_LISTEN="127.0.0.1:$IMAP_PORT"
export MAILSTORE_POP3_LISTEN="127.0.0.1:$POP3_PORT"
export MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAPS_LISTEN=off MAILSTORE_HTTP_LISTEN=off
# Every client comes from 127.0.0.1.
export MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS=$((IMAP_SESSIONS + 50))
mkdir -p "$MAILSTORE_DATA_DIR"

"$mailstore" --version >/dev/null # builds the jar first if needed
"$mailstore" serve > "$work/serve.log" 2>&1 < /dev/null &
serve_pid=$!
for _ in $(seq 1 180); do grep -q "mailstore ready" "$work/serve.log" && break; kill -0 "$serve_pid" 2>/dev/null || break; sleep 1; done
grep -q "mailstore ready" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
java_pid=$(pgrep -P "$serve_pid" -f mailstore.jar || echo "$serve_pid")
JAVA_HOME="$("$root/bin/find-jdk")"

echo "creating $IMAP_USERS IMAP and $POP3_USERS POP3 users ..." >&2
for i in $(seq 0 $((IMAP_USERS - 1))); do echo "$PASSWORD" | "$mailstore" account add "imap$i@$DOMAIN" --password-stdin >/dev/null; done
for i in $(seq 0 $((POP3_USERS - 1))); do echo "$PASSWORD" | "$mailstore" account add "pop$i@$DOMAIN" --password-stdin >/dev/null; done

echo "soak: $MINUTES min, $IMAP_SESSIONS IMAP sessions in IDLE, LMTP $LMTP_RATE/s of $SIZE bytes, POP3 $POP3_RATE/s" \
  "(serve pid $java_pid, $(nproc) cores)"
status=0
python3 "$root/bench/soak.py" --minutes "$MINUTES" --pid "$java_pid" --jcmd "$JAVA_HOME/bin/jcmd" \
  --lmtp-port "$LMTP_PORT" --imap-port "$IMAP_PORT" --pop3-port "$POP3_PORT" --imap-users "$IMAP_USERS" \
  --pop3-users "$POP3_USERS" --imap-sessions "$IMAP_SESSIONS" --password "$PASSWORD" --domain "$DOMAIN" \
  --lmtp-rate "$LMTP_RATE" --pop3-rate "$POP3_RATE" --noop-interval "$NOOP_INTERVAL" --size "$SIZE" || status=$?
if grep -E "ERROR|Exception" "$work/serve.log" >/dev/null; then
  echo "serve logged errors:" >&2
  grep -E -m 20 "ERROR|Exception" "$work/serve.log" >&2
fi
exit $status
