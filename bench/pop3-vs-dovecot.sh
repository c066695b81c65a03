#!/usr/bin/env bash
# The same POP3 session against mailstore and against Dovecot's POP3 (Debian's package, maildir),
# on the same MESSAGES-message maildrop, one after the other on this machine: login + STAT + UIDL +
# LIST + QUIT, the way a mail client checks for new mail. Prints each result and mailstore/Dovecot.
#
#   bench/pop3-vs-dovecot.sh        (as root: installs Dovecot with apt-get when it is missing)
#
# Both servers check the very same Argon2id password hash (mailstore's, given to Dovecot's
# ARGON2ID scheme), so login costs the same work on both. Cold = the first session after the
# server was restarted (and the page cache dropped where the kernel lets us); warm = the median of
# ROUNDS (10) sessions after it. Dovecot builds its index in a session before that, as its own
# delivery would have. Then mailstore is restarted under strace -f -e trace=%file,getdents64 for
# one more session, which must make no call on the blob tree, and a RETR, which must make one.
# Everything lives in a temporary directory on the same disk as /tmp and is removed at the end.
set -euo pipefail

MESSAGES=${MESSAGES:-10000}
SIZE=${SIZE:-4096}
ROUNDS=${ROUNDS:-10}
MAILSTORE_PORT=${MAILSTORE_PORT:-21110}
DOVECOT_PORT=${DOVECOT_PORT:-21111}
ADDRESS=pop3bench@bench.test
PASSWORD=bench

. "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh" pop3

bench() { # name port extra-args...
  local name=$1 port=$2
  shift 2
  "$mailstore" bench pop3 --port "$port" --user "$ADDRESS" --password "$PASSWORD" --messages "$MESSAGES" --size "$SIZE" "$@" \
    | tee "$work/$name.out" >&2
}

need_dovecot pop3

# --- mailstore: embedded PostgreSQL, blobs and journal under the temporary directory -----------
export MAILSTORE_DATA_DIR="$work/mailstore"
export MAILSTORE_POP3_LISTEN="127.0.0.1:$MAILSTORE_PORT"
export MAILSTORE_LMTP_LISTEN=off MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAP_LISTEN=off MAILSTORE_IMAPS_LISTEN=off
export MAILSTORE_HTTP_LISTEN=off
mkdir -p "$work/mailstore"
"$mailstore" --version >/dev/null # builds the jar first if needed
start_mailstore
echo "== preparing $MESSAGES messages of $SIZE bytes in mailstore" >&2
bench mailstore-prepare "$MAILSTORE_PORT" --rounds 1 >/dev/null
pg_port=$(sed -n 4p "$MAILSTORE_DATA_DIR/pg/postmaster.pid")
hash=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d mailstore -Atc "SELECT password_hash FROM accounts WHERE address = '$ADDRESS'")

# --- Dovecot: POP3 on loopback, maildir with the same messages, the same password hash -----------
"$mailstore" bench pop3 --write-maildir "$work/dovecot/mail/${ADDRESS%@*}/Maildir" --user "$ADDRESS" \
  --messages "$MESSAGES" --size "$SIZE" >&2
chown -R nobody:nogroup "$work/dovecot/mail"
echo "$ADDRESS:{ARGON2ID}$hash" > "$work/dovecot/passwd"
{
  dovecot_conf_head pop3
  dovecot_conf_passwd_file
  cat <<EOF
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
} > "$work/dovecot/dovecot.conf"
start_dovecot "$DOVECOT_PORT"
echo "== dovecot: first session ever, building its index" >&2
bench dovecot-first "$DOVECOT_PORT" --no-prepare --rounds 0 >/dev/null

# --- measured runs: restart, (drop caches), one cold session, ROUNDS warm ones ---------------------
doveadm -c "$work/dovecot/dovecot.conf" stop
stop_mailstore
drop_caches session
start_mailstore
echo "== mailstore" >&2
bench mailstore "$MAILSTORE_PORT" --no-prepare --rounds "$ROUNDS" >/dev/null
drop_caches session
start_dovecot "$DOVECOT_PORT"
echo "== dovecot" >&2
bench dovecot "$DOVECOT_PORT" --no-prepare --rounds "$ROUNDS" >/dev/null

# --- strace: the mailstore server run under strace for one more session, and a RETR as control -----
stop_mailstore
strace_cmd="strace -f -ttt -e trace=%file,getdents64 -o strace.txt bin/mailstore serve"
strace -f -ttt -qq -e trace=%file,getdents64 -o "$work/strace.txt" "$mailstore" serve > "$work/serve.log" 2>&1 < /dev/null &
serve_pid=$!
for _ in $(seq 1 300); do grep -q "mailstore ready" "$work/serve.log" && break; sleep 1; done
grep -q "mailstore ready" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
sleep 2
t0=$(date +%s.%N)
bench mailstore-strace "$MAILSTORE_PORT" --no-prepare --rounds 0 >/dev/null
t1=$(date +%s.%N)
exec 3<>"/dev/tcp/127.0.0.1/$MAILSTORE_PORT"
printf 'USER %s\r\nPASS %s\r\nRETR 1\r\nQUIT\r\n' "$ADDRESS" "$PASSWORD" >&3
cat <&3 >/dev/null
exec 3<&-
t2=$(date +%s.%N)
java_pid=$(ps -o pid= --ppid "$serve_pid" | tr -d ' ' | head -1) # strace's child: serve's JVM
kill "$java_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=""
window() { awk -v from="$1" -v to="$2" '$2 >= from && $2 <= to' "$work/strace.txt"; }
calls=$(window "$t0" "$t1" | grep -c . || true)
blob_calls=$(window "$t0" "$t1" | grep -c "$MAILSTORE_DATA_DIR/blobs" || true)
retr_blob_calls=$(window "$t1" "$t2" | grep "$MAILSTORE_DATA_DIR/blobs" | sed -E 's/^[0-9]+ +[0-9.]+ +//; s/[0-9a-f]{64}/<sha256>/; s#'"$MAILSTORE_DATA_DIR"'#$DATA#' || true)

ms() { sed -n "s/^result: cold \([0-9.]*\) ms, warm p50 \([0-9.]*\) ms.*/\\$2/p" "$work/$1.out"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(df -h "$work" | awk 'NR==2 {print $1}'); dovecot $(dovecot --version | cut -d' ' -f1); $caches"
echo "maildrop: $MESSAGES messages of $SIZE bytes; session: login (USER/PASS, Argon2id m=19456,t=2,p=1 on both) + STAT + UIDL + LIST + QUIT"
echo "dovecot first session (index build): $(sed -n 's/^result: cold \([0-9.]*\) ms.*/\1 ms/p' "$work/dovecot-first.out")"
echo "mailstore: $(grep '^result' "$work/mailstore.out")"
echo "dovecot:   $(grep '^result' "$work/dovecot.out")"
echo "strace ($strace_cmd), login + STAT + UIDL + LIST + QUIT: $calls file calls by any traced process (PostgreSQL included), $blob_calls on the blob tree"
echo "strace control, login + RETR 1 + QUIT: blob-tree calls: ${retr_blob_calls:-none}"
awk -v a="$(ms mailstore 1)" -v b="$(ms dovecot 1)" -v c="$(ms mailstore 2)" -v d="$(ms dovecot 2)" \
  'BEGIN { printf "ratio mailstore/dovecot: cold %.2f, warm %.2f\n", a / b, c / d }'
