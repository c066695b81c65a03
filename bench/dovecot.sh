# What the bench/*-vs-dovecot.sh scripts share: a temporary work directory, mailstore's serve, a private
# Dovecot (Debian's package) and the measuring helpers. Sourced, never run:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh" NAME
#
# NAME names the work directory (/tmp/NAME-bench.XXXXXX), made with Dovecot's run, state and mail directories
# under $work/dovecot. It is removed on exit, with serve and Dovecot stopped, unless KEEP=1. After sourcing, a script has root, mailstore (bin/mailstore), work and serve_pid,
# and the functions below. Dovecot's configuration is the script's own; dovecot_conf_head writes the part
# they all start with.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mailstore="$root/bin/mailstore"
work="$(mktemp -d "/tmp/$1-bench.XXXXXX")"
chmod 755 "$work" # Dovecot reads and delivers mail as nobody and must reach its maildirs
mkdir -p "$work/dovecot/run" "$work/dovecot/state" "$work/dovecot/mail"
serve_pid=""

stop_mailstore() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
  fi
}

stop_dovecot() {
  [ -f "$work/dovecot/dovecot.conf" ] && doveadm -c "$work/dovecot/dovecot.conf" stop 2>/dev/null || true
}

cleanup() {
  stop_mailstore
  stop_dovecot
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() { # port
  for _ in $(seq 1 120); do listening "$1" && return 0; sleep 1; done
  echo "nothing listens on port $1" >&2
  return 1
}

# Installs dovecot-core and dovecot-<protocol>d when Dovecot or its <protocol> server is missing (as root).
need_dovecot() { # protocol: lmtp, pop3 or imap
  if ! command -v dovecot >/dev/null || [ ! -x "/usr/lib/dovecot/$1" ]; then
    echo "installing Dovecot (dovecot-core, dovecot-$1d) ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-core "dovecot-$1d" >/dev/null
  fi
}

# The lines every configuration starts with: its directories under $work/dovecot, loopback only, no TLS,
# maildirs under $work/dovecot/mail owned by nobody.
dovecot_conf_head() { # protocol
  cat <<CONF
base_dir = $work/dovecot/run
state_dir = $work/dovecot/state
log_path = $work/dovecot/dovecot.log
protocols = $1
listen = 127.0.0.1
ssl = no
mail_location = maildir:$work/dovecot/mail/%n/Maildir
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$work/dovecot/mail/%n
}
CONF
}

# Logins checked against $work/dovecot/passwd (address:{ARGON2ID}hash lines: mailstore's own hashes), in the clear.
dovecot_conf_passwd_file() {
  cat <<CONF
disable_plaintext_auth = no
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = $work/dovecot/passwd
}
CONF
}

start_dovecot() { # port
  dovecot -c "$work/dovecot/dovecot.conf"
  wait_for_port "$1"
}

# serve with the MAILSTORE_* variables the script exported; its log is $work/serve.log.
start_mailstore() {
  "$mailstore" serve > "$work/serve.log" 2>&1 < /dev/null &
  serve_pid=$!
  for _ in $(seq 1 180); do grep -q "mailstore ready" "$work/serve.log" && break; sleep 1; done
  grep -q "mailstore ready" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
}

# Drops the page cache where the kernel lets us; says in $caches what a cold run then means.
drop_caches() { # what "cold" is otherwise: "session", "sync"
  sync
  if echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then caches="page cache dropped before each cold run"
  else caches="page cache NOT dropped (the kernel refused), so cold = first $1 after a restart"; fi
}

. "$root/bench/cpu.sh" # cpu_ticks, cpu_seconds
