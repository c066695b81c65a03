#!/usr/bin/env bash
# The same LMTP load against mailstore and against Dovecot's LMTP (Debian's package), both durable,
# one after the other on this machine; prints each result and mailstore/Dovecot.
#
#   bench/lmtp-vs-dovecot.sh        (as root: installs Dovecot with apt-get when it is missing)
#
# Load: CONNECTIONS (16) sessions, MESSAGES (5000) measured messages of SIZE (4096) bytes to
# RECIPIENTS (1) each, after WARMUP (1000) unmeasured ones; connection c sends to its own users.
# DOVECOT_FSYNC (optimized) is Dovecot's mail_fsync: 'optimized' (its default) fsyncs each message
# file and the maildir before LMTP says 250; 'always' also fsyncs every index write.
# Everything lives in a temporary directory on the same disk as /tmp and is removed at the end.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-16}
MESSAGES=${MESSAGES:-5000}
SIZE=${SIZE:-4096}
RECIPIENTS=${RECIPIENTS:-1}
WARMUP=${WARMUP:-1000}
MAILSTORE_PORT=${MAILSTORE_PORT:-22424}
DOVECOT_PORT=${DOVECOT_PORT:-22425}
DOVECOT_FSYNC=${DOVECOT_FSYNC:-optimized}
USERS=$((CONNECTIONS * RECIPIENTS))
DOMAIN=bench.test

. "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh" lmtp
need_dovecot lmtp

# --- Dovecot: LMTP on loopback, maildir, static users, nothing else ---------------------------
{
  dovecot_conf_head lmtp
  cat <<EOF
mail_fsync = $DOVECOT_FSYNC
passdb {
  driver = static
  args = nopassword=y
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  process_min_avail = $CONNECTIONS
}
EOF
} > "$work/dovecot/dovecot.conf"
chown nobody:nogroup "$work/dovecot/mail"
start_dovecot "$DOVECOT_PORT"

# --- mailstore: embedded PostgreSQL, blobs and journal under the same temporary directory ------
export MAILSTORE_DATA_DIR="$work/mailstore"
export MAILSTORE_LMTP_LISTEN="127.0.0.1:$MAILSTORE_PORT"
export MAILSTORE_POP3_LISTEN=off MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAP_LISTEN=off MAILSTORE_IMAPS_LISTEN=off
export MAILSTORE_HTTP_LISTEN=off
mkdir -p "$work/mailstore"
"$mailstore" --version >/dev/null # builds the jar first if needed
start_mailstore
for i in $(seq 0 $((USERS - 1))); do
  echo secret | "$mailstore" account add "bench$i@$DOMAIN" --password-stdin >/dev/null
done

run() { # name port server-pids...
  local name=$1 port=$2 before=() after=() i
  shift 2
  for p in "$@"; do before+=("$(cpu_seconds "$p")"); done
  echo "== $name" >&2
  TIMEFORMAT="%U %S" # the load generator's own CPU
  { time "$mailstore" bench lmtp --port "$port" --connections "$CONNECTIONS" --messages "$MESSAGES" --size "$SIZE" \
      --recipients "$RECIPIENTS" --warmup "$WARMUP" --address-format "bench%d@$DOMAIN" > "$work/$name.out"; } 2> "$work/$name.time"
  cat "$work/$name.out" >&2
  grep -q ' 0 failed' "$work/$name.out" || { echo "deliveries to $name failed" >&2; exit 1; }
  for p in "$@"; do after+=("$(cpu_seconds "$p")"); done
  {
    printf "cpu seconds for %d messages:" $((MESSAGES + WARMUP))
    for i in "${!before[@]}"; do printf " server process tree %d: %.1f;" "$i" "$(awk -v a="${after[$i]}" -v b="${before[$i]}" 'BEGIN {print a - b}')"; done
    awk '{ printf " load generator: %.1f\n", $1 + $2 }' "$work/$name.time"
  } > "$work/$name.cpu"
}

serve_java=$(pgrep -P "$serve_pid" -f mailstore.jar || echo "$serve_pid")
postmaster=$(head -1 "$work/mailstore/pg/postmaster.pid")
dovecot_master=$(cat "$work/dovecot/run/master.pid")
run mailstore "$MAILSTORE_PORT" "$serve_java" "$postmaster"
run dovecot "$DOVECOT_PORT" "$dovecot_master"
rate() { sed -n 's/^result: \([0-9.]*\) messages\/s.*/\1/p' "$work/$1.out"; }
echo "machine: $(nproc) cores; $(df -h "$work" | awk 'NR==2 {print $1 " " $2}'); dovecot $(dovecot --version | cut -d' ' -f1) mail_fsync=$DOVECOT_FSYNC"
echo "mailstore: $(grep '^result' "$work/mailstore.out")"
echo "           $(cat "$work/mailstore.cpu") (tree 0: mailstore JVM, tree 1: PostgreSQL)"
echo "dovecot:   $(grep '^result' "$work/dovecot.out")"
echo "           $(cat "$work/dovecot.cpu") (tree 0: Dovecot master and its lmtp, auth, log processes)"
awk -v a="$(rate mailstore)" -v b="$(rate dovecot)" 'BEGIN { printf "ratio mailstore/dovecot: %.2f\n", a / b }'
