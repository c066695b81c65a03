#!/usr/bin/env bash
# IMAP queries on a large INBOX, mailstore against Dovecot (Debian's package, maildir, its default search:
# no FTS plugin), timed by the same client (mailstore bench imap --query). Prints each server's figures and
# how many times faster mailstore is (Dovecot's median / mailstore's).
#
#   bench/imap-query-vs-dovecot.sh        (as root: installs Dovecot with apt-get when it is missing)
#
# The INBOX of query@bench.test holds the query corpus of MESSAGES (100000) generated messages (varied text
# from a Zipf-like vocabulary, Re:/Fwd: subjects, threads through References, quoted-printable, base64 and
# multipart/alternative bodies, RFC 2047 subjects, a rare word in 20 messages, a common one in a third):
# mailstore's inserted in bulk as bench populate does (FILL=deliver: through the delivery path, much slower),
# Dovecot's written as a maildir; the same bytes. Queries (QUERIES, each ROUNDS (5) times on one connection):
#   search-text    UID SEARCH TEXT zyqxvort      (20 messages)
#   search-common  UID SEARCH TEXT budget        (a third of the messages)
#   sort           UID SORT (SUBJECT REVERSE DATE) UTF-8 ALL
#   thread         UID THREAD REFERENCES UTF-8 ALL
#   qresync        another connection makes 90 flag changes and 10 expunges after the client's HIGHESTMODSEQ,
#                  then a new connection's SELECT INBOX (QRESYNC (uidvalidity modseq)) is timed
# Every answer is checked (result counts, only the changes for QRESYNC); a query a server refuses is reported
# as failed. Before timing, each server opens the INBOX once (Dovecot builds its index there). Everything lives
# in a temporary directory on the same disk as /tmp and is removed at the end (KEEP=1 keeps it).
set -euo pipefail

MESSAGES=${MESSAGES:-100000}
ROUNDS=${ROUNDS:-5}
QUERIES=${QUERIES:-search-text,search-common,sort,thread,qresync}
FILL=${FILL:-bulk}
MAILSTORE_PORT=${MAILSTORE_PORT:-21243}
DOVECOT_PORT=${DOVECOT_PORT:-21244}
USER_ADDRESS=query@bench.test
PASSWORD=bench

. "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh" imap-query

queries() { # name port
  echo "== $1: opening the INBOX once, then $QUERIES, $ROUNDS rounds each" >&2
  "$mailstore" bench imap --first-sync --port "$2" --user "$USER_ADDRESS" --password "$PASSWORD" --rounds 1 >/dev/null 2>&1 || true
  "$mailstore" bench imap --query "$QUERIES" --rounds "$ROUNDS" --corpus-messages "$MESSAGES" --port "$2" \
    --user "$USER_ADDRESS" --password "$PASSWORD" > "$work/$1.out" 2>&1 || true
  cat "$work/$1.out" >&2
}

need_dovecot imap

# --- mailstore: embedded PostgreSQL, blobs and journal under the temporary directory -----------
export MAILSTORE_DATA_DIR="$work/mailstore"
export MAILSTORE_IMAP_LISTEN="127.0.0.1:$MAILSTORE_PORT"
export MAILSTORE_LMTP_LISTEN=off MAILSTORE_POP3_LISTEN=off MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAPS_LISTEN=off
export MAILSTORE_HTTP_LISTEN=off
mkdir -p "$work/mailstore"
"$mailstore" --version >/dev/null # builds the jar first if needed
echo "== filling mailstore with $MESSAGES messages ($FILL)" >&2
started=$(date +%s)
if [ "$FILL" = deliver ]; then
  start_mailstore
  "$mailstore" bench imap --fill-corpus --corpus-messages "$MESSAGES" --user "$USER_ADDRESS" --password "$PASSWORD" >&2
else
  "$mailstore" bench imap --bulk-fill-corpus --corpus-messages "$MESSAGES" --user "$USER_ADDRESS" --password "$PASSWORD" >&2
  start_mailstore
fi
echo "   filled in $(($(date +%s) - started)) s" >&2
pg_port=$(sed -n 4p "$MAILSTORE_DATA_DIR/pg/postmaster.pid")
hash=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d mailstore -At -c "SELECT password_hash FROM accounts WHERE address = '$USER_ADDRESS'")

# --- Dovecot: IMAP on loopback, the same messages as a maildir, the same password hash ------------
"$mailstore" bench imap --write-maildir "$work/dovecot/mail/${USER_ADDRESS%@*}/Maildir" --corpus-messages "$MESSAGES" \
  --user "$USER_ADDRESS" >&2
chown -R nobody:nogroup "$work/dovecot/mail"
echo "$USER_ADDRESS:{ARGON2ID}$hash" > "$work/dovecot/passwd"
{
  dovecot_conf_head imap
  dovecot_conf_passwd_file
  cat <<CONF
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
} > "$work/dovecot/dovecot.conf"
start_dovecot "$DOVECOT_PORT"

# --- the queries, one server at a time ------------------------------------------------------------
queries dovecot "$DOVECOT_PORT"
doveadm -c "$work/dovecot/dovecot.conf" stop
queries mailstore "$MAILSTORE_PORT"

median() { sed -n "s/^result: $2 median \([0-9.]*\) ms.*/\1/p" "$work/$1.out"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg); dovecot $(dovecot --version | cut -d' ' -f1), no FTS plugin"
echo "INBOX of $MESSAGES messages; $ROUNDS rounds per query; median ms (Dovecot / mailstore = times faster)"
for q in ${QUERIES//,/ }; do
  d=$(median dovecot "$q"); m=$(median mailstore "$q")
  if [ -z "$d" ]; then d="failed: $(sed -n "s/^result: $q failed in //p" "$work/dovecot.out")"; fi
  if [ -z "$m" ]; then m="failed: $(sed -n "s/^result: $q failed in //p" "$work/mailstore.out")"; fi
  ratio=""
  [[ "$d" =~ ^[0-9.]+$ && "$m" =~ ^[0-9.]+$ ]] && ratio=$(awk -v a="$d" -v b="$m" 'BEGIN { printf "  %.1fx", a / b }')
  printf '%-14s dovecot %s | mailstore %s%s\n' "$q" "$d" "$m" "$ratio"
done
