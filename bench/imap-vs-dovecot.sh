#!/usr/bin/env bash
# The same IMAP load against mailstore and against Dovecot's IMAP (Debian's package, maildir), one after
# the other on this machine, then the first sync of a SYNC_MESSAGES-message INBOX on both. Prints each
# result and mailstore/Dovecot.
#
#   bench/imap-vs-dovecot.sh        (as root: installs Dovecot with apt-get when it is missing)
#
# Load (mailstore bench imap): CLIENTS (50) connections for SECONDS (30) after WARMUP (3) seconds, client c
# as user imapbench<c>@bench.test, whose INBOX the bench first fills over IMAP to MAILBOX_MESSAGES (1000)
# messages of SIZE (4000) bytes. A round: SELECT, UID FETCH of the list headers of 50 messages, STORE
# +FLAGS/-FLAGS, SEARCH FLAGGED and SUBJECT, APPEND, STORE \Deleted + UID EXPUNGE of it, IDLE 100 ms; a
# new LOGIN every 50 rounds (Argon2id costs the same on both). DOVECOT_FSYNC (optimized) is Dovecot's mail_fsync.
# Each server gets LOAD_PASSES (2) such passes one after the other and the last is the one measured: the first
# runs right after 50,000 APPENDs filled the INBOXes (PostgreSQL's autovacuum has not yet set the visibility map
# nor ANALYZEd the new rows; Dovecot adds the header fields clients ask for to each mailbox's cache file as it
# first meets them), which is not how a server that has been running meets its clients. Both get the same
# passes; LOAD_PASSES=1 measures the first one.
# First sync (mailstore bench imap --first-sync): LOGIN, SELECT INBOX and
#   UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date
#   Message-ID References In-Reply-To Content-Type)])
# of imapsync@bench.test's INBOX of SYNC_MESSAGES (100000) messages: mailstore's filled through its store
# (as deliveries would), Dovecot's written as a maildir. Dovecot's very first sync builds its index and
# its cache of those header fields; it is reported on its own, and the comparison uses the syncs after a
# restart (cold: the first; warm: the median of SYNC_ROUNDS (3)), when Dovecot has both. Then, on the same running
# servers, SYNC_WARMUP (5) more syncs and SYNC_ROUNDS measured ones: the server warm as well as the page cache (a JVM
# that has served for a while has compiled its FETCH path; Dovecot starts an imap process per connection either way).
# Both servers check the same Argon2id password hashes (mailstore's, given to Dovecot's ARGON2ID
# scheme). Until mailstore serves IMAP (issue 5), only Dovecot is measured. Everything lives in a
# temporary directory on the same disk as /tmp and is removed at the end.
set -euo pipefail

CLIENTS=${CLIENTS:-50}
SECONDS_MEASURED=${SECONDS_MEASURED:-30}
WARMUP=${WARMUP:-3}
LOAD_PASSES=${LOAD_PASSES:-2}
MAILBOX_MESSAGES=${MAILBOX_MESSAGES:-1000}
SIZE=${SIZE:-4000}
SYNC_MESSAGES=${SYNC_MESSAGES:-100000}
SYNC_ROUNDS=${SYNC_ROUNDS:-3}
SYNC_WARMUP=${SYNC_WARMUP:-5}
DOVECOT_FSYNC=${DOVECOT_FSYNC:-optimized}
MAILSTORE_PORT=${MAILSTORE_PORT:-21143}
MAILSTORE_POP3_PORT=${MAILSTORE_POP3_PORT:-21110}
DOVECOT_PORT=${DOVECOT_PORT:-21144}
PREFIX=imapbench
DOMAIN=bench.test
SYNC_USER=imapsync@$DOMAIN
PASSWORD=bench

. "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh" imap

load() { # name port server-pids...
  local name=$1 port=$2 before=() after=() i pass
  shift 2
  for pass in $(seq 2 "$LOAD_PASSES"); do
    echo "== $name: load, unmeasured pass $((pass - 1)) of $((LOAD_PASSES - 1))" >&2
    load_pass "$port" > "$work/$name-pass$((pass - 1)).out" || { cat "$work/$name-pass$((pass - 1)).out" >&2; exit 1; }
    grep '^result' "$work/$name-pass$((pass - 1)).out" >&2
  done
  for p in "$@"; do before+=("$(cpu_seconds "$p" reaped)"); done
  echo "== $name: load" >&2
  load_pass "$port" > "$work/$name.out" || { cat "$work/$name.out" >&2; echo "the load against $name failed" >&2; exit 1; }
  grep -v '^setup: ' "$work/$name.out" >&2
  for p in "$@"; do after+=("$(cpu_seconds "$p" reaped)"); done
  {
    printf "cpu seconds (the measured load pass; with the setup when LOAD_PASSES=1):"
    for i in "${!before[@]}"; do printf " server process tree %d: %.1f;" "$i" "$(awk -v a="${after[$i]}" -v b="${before[$i]}" 'BEGIN {print a - b}')"; done
    echo
  } > "$work/$name.cpu"
}

load_pass() { # port; the first pass fills the INBOXes (--setup), later ones find them full and leave them
  "$mailstore" bench imap --port "$1" --clients "$CLIENTS" --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" \
    --user-prefix "$PREFIX" --domain "$DOMAIN" --password "$PASSWORD" --mailbox-messages "$MAILBOX_MESSAGES" --size "$SIZE" \
    --setup
}

first_sync() { # name port rounds
  echo "== $1: first sync, $3 round(s)" >&2
  "$mailstore" bench imap --first-sync --port "$2" --user "$SYNC_USER" --password "$PASSWORD" --rounds "$3" \
    | tee "$work/$1.out" >&2
}

need_dovecot imap

# --- mailstore: embedded PostgreSQL, blobs and journal under the temporary directory -----------
export MAILSTORE_DATA_DIR="$work/mailstore"
export MAILSTORE_IMAP_LISTEN="127.0.0.1:$MAILSTORE_PORT"
export MAILSTORE_POP3_LISTEN="127.0.0.1:$MAILSTORE_POP3_PORT" # bench pop3 fills the first-sync INBOX
export MAILSTORE_LMTP_LISTEN=off MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAPS_LISTEN=off MAILSTORE_HTTP_LISTEN=off
mkdir -p "$work/mailstore"
"$mailstore" --version >/dev/null # builds the jar first if needed
start_mailstore
users=()
for i in $(seq 0 $((CLIENTS - 1))); do users+=("$PREFIX$i@$DOMAIN"); done
for u in "${users[@]}"; do echo "$PASSWORD" | "$mailstore" account add "$u" --password-stdin >/dev/null; done
echo "== preparing $SYNC_MESSAGES messages for $SYNC_USER in mailstore" >&2
"$mailstore" bench pop3 --port "$MAILSTORE_POP3_PORT" --user "$SYNC_USER" --password "$PASSWORD" \
  --messages "$SYNC_MESSAGES" --size 4096 --rounds 0 >/dev/null
mailstore_imap=yes
listening "$MAILSTORE_PORT" || mailstore_imap=no
pg_port=$(sed -n 4p "$MAILSTORE_DATA_DIR/pg/postmaster.pid")
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d mailstore -At -F ' ' \
  -c "SELECT address, password_hash FROM accounts WHERE address LIKE '$PREFIX%' OR address = '$SYNC_USER'" \
  | while read -r address hash; do echo "$address:{ARGON2ID}$hash"; done > "$work/passwd"

# --- Dovecot: IMAP on loopback, maildirs, the same password hashes --------------------------------
"$mailstore" bench pop3 --write-maildir "$work/dovecot/mail/${SYNC_USER%@*}/Maildir" --user "$SYNC_USER" \
  --messages "$SYNC_MESSAGES" --size 4096 >&2
chown -R nobody:nogroup "$work/dovecot/mail"
cp "$work/passwd" "$work/dovecot/passwd"
{
  dovecot_conf_head imap
  dovecot_conf_passwd_file
  cat <<CONF
mail_fsync = $DOVECOT_FSYNC
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
  process_min_avail = 4
}
service imap {
  process_limit = 4096
}
CONF
} > "$work/dovecot/dovecot.conf"
start_dovecot "$DOVECOT_PORT"

# --- the load ---------------------------------------------------------------------------------------
dovecot_master=$(cat "$work/dovecot/run/master.pid")
load dovecot "$DOVECOT_PORT" "$dovecot_master"
if [ "$mailstore_imap" = yes ]; then
  serve_java=$(pgrep -P "$serve_pid" -f mailstore.jar || echo "$serve_pid")
  postmaster=$(head -1 "$work/mailstore/pg/postmaster.pid")
  load mailstore "$MAILSTORE_PORT" "$serve_java" "$postmaster"
fi

# --- first sync: Dovecot's very first (index + cache build), then restarts, cold and warm ------------
first_sync dovecot-first "$DOVECOT_PORT" 1
doveadm -c "$work/dovecot/dovecot.conf" stop
stop_mailstore
drop_caches sync
start_dovecot "$DOVECOT_PORT"
first_sync dovecot-sync "$DOVECOT_PORT" "$SYNC_ROUNDS"
first_sync dovecot-warmup "$DOVECOT_PORT" "$SYNC_WARMUP"
first_sync dovecot-warm "$DOVECOT_PORT" "$SYNC_ROUNDS"
doveadm -c "$work/dovecot/dovecot.conf" stop
if [ "$mailstore_imap" = yes ]; then
  drop_caches sync
  start_mailstore
  first_sync mailstore-sync "$MAILSTORE_PORT" "$SYNC_ROUNDS"
  first_sync mailstore-warmup "$MAILSTORE_PORT" "$SYNC_WARMUP"
  first_sync mailstore-warm "$MAILSTORE_PORT" "$SYNC_ROUNDS"
fi

rate() { sed -n 's/^result: \([0-9.]*\) operations\/s.*/\1/p' "$work/$1.out"; }
sync_ms() { sed -n "s/^result: first sync \([0-9.]*\) ms the first time, p50 \([0-9.]*\) ms.*/\\$2/p" "$work/$1.out"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(df -h "$work" | awk 'NR==2 {print $1}'); dovecot $(dovecot --version | cut -d' ' -f1) mail_fsync=$DOVECOT_FSYNC; $caches"
echo "load: $CLIENTS clients, $SECONDS_MEASURED s after $WARMUP s, INBOX of $MAILBOX_MESSAGES messages of $SIZE bytes each"
echo "dovecot:   $(grep '^result' "$work/dovecot.out")"
echo "           $(grep '^ramp-up' "$work/dovecot.out")"
echo "           $(cat "$work/dovecot.cpu") (tree 0: Dovecot master and its imap, auth, log processes)"
echo "first sync of $SYNC_MESSAGES messages (SELECT + UID FETCH 1:* ...):"
echo "dovecot very first (index and header cache build): $(sync_ms dovecot-first 1) ms"
echo "dovecot after restart: $(grep '^result' "$work/dovecot-sync.out")"
echo "dovecot after $SYNC_WARMUP more: $(grep '^result' "$work/dovecot-warm.out")"
if [ "$mailstore_imap" = yes ]; then
  echo "mailstore: $(grep '^result' "$work/mailstore.out")"
  echo "           $(grep '^ramp-up' "$work/mailstore.out")"
  echo "           $(cat "$work/mailstore.cpu") (tree 0: mailstore JVM, tree 1: PostgreSQL)"
  echo "mailstore after restart: $(grep '^result' "$work/mailstore-sync.out")"
  echo "mailstore after $SYNC_WARMUP more: $(grep '^result' "$work/mailstore-warm.out")"
  awk -v a="$(rate mailstore)" -v b="$(rate dovecot)" -v c="$(sync_ms mailstore-sync 1)" -v d="$(sync_ms dovecot-sync 1)" \
    -v e="$(sync_ms mailstore-sync 2)" -v f="$(sync_ms dovecot-sync 2)" -v g="$(sync_ms mailstore-warm 2)" -v h="$(sync_ms dovecot-warm 2)" \
    'BEGIN { printf "ratio mailstore/dovecot: load operations/s %.2f; first sync time cold %.2f, warm %.2f, warm server %.2f\n", a / b, c / d, e / f, g / h }'
else
  echo "mailstore: serves no IMAP on port $MAILSTORE_PORT in this build; only Dovecot was measured"
fi
