#!/usr/bin/env bash
# The same LMTP load against mailstore with its blobs in the file tree and with its blobs in an S3
# bucket (s3proxy, a real S3-compatible server, run from the blobstore module's test classpath with its
# filesystem backend on this machine), one after the other; prints each result and S3/file.
#
#   bench/lmtp-s3-vs-file.sh
#
# Load as in bench/lmtp-vs-dovecot.sh: CONNECTIONS (16) sessions, MESSAGES (2000) measured messages of
# SIZE (4096) bytes after WARMUP (400) unmeasured ones, one recipient each, connection c to its own user.
# Each server gets a fresh data directory and embedded PostgreSQL. Everything lives in a temporary
# directory and is removed at the end.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-16}
MESSAGES=${MESSAGES:-2000}
SIZE=${SIZE:-4096}
WARMUP=${WARMUP:-400}
LMTP_PORT=${LMTP_PORT:-22426}
S3_PORT=${S3_PORT:-22427}
DOMAIN=bench.test

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mailstore="$root/bin/mailstore"
work="$(mktemp -d /tmp/lmtp-s3-bench.XXXXXX)"
serve_pid=""
s3_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  [ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null && wait "$s3_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
"$mailstore" --version >/dev/null # builds the jar first if needed

# --- s3proxy on loopback, objects as files under $work/s3, bucket "mail" --------------------------
(cd "$root" && PATH="$JAVA_HOME/bin:$PATH" mvn -B -q -o dependency:build-classpath -pl blobstore \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/s3proxy.classpath" >/dev/null 2>&1)
mkdir -p "$work/s3/mail"
cat > "$work/s3proxy.properties" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
CONF
# Without a configuration logback logs every Jetty thread at DEBUG; s3proxy then spends its CPU on logging.
cat > "$work/s3proxy-logback.xml" <<CONF
<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>
CONF
"$java" -Dlogback.configurationFile="$work/s3proxy-logback.xml" -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" \
  > "$work/s3proxy.log" 2>&1 &
s3_pid=$!

wait_ready() { # log
  for _ in $(seq 1 180); do grep -q "mailstore ready" "$1" && return 0; sleep 1; done
  cat "$1" >&2; exit 1
}

run() { # name, then extra environment assignments for serve
  local name=$1
  shift
  mkdir -p "$work/$name"
  env MAILSTORE_DATA_DIR="$work/$name" MAILSTORE_LMTP_LISTEN="127.0.0.1:$LMTP_PORT" MAILSTORE_POP3_LISTEN=off \
    MAILSTORE_POP3S_LISTEN=off MAILSTORE_IMAP_LISTEN=off MAILSTORE_IMAPS_LISTEN=off MAILSTORE_HTTP_LISTEN=off "$@" \
    "$mailstore" serve > "$work/$name.log" 2>&1 < /dev/null &
  serve_pid=$!
  wait_ready "$work/$name.log"
  for i in $(seq 0 $((CONNECTIONS - 1))); do
    echo secret | env MAILSTORE_DATA_DIR="$work/$name" "$@" "$mailstore" account add "bench$i@$DOMAIN" --password-stdin >/dev/null
  done
  echo "== $name" >&2
  "$mailstore" bench lmtp --port "$LMTP_PORT" --connections "$CONNECTIONS" --messages "$MESSAGES" --size "$SIZE" \
    --recipients 1 --warmup "$WARMUP" --address-format "bench%d@$DOMAIN" > "$work/$name.out"
  cat "$work/$name.out" >&2
  grep -q ' 0 failed' "$work/$name.out" || { echo "deliveries with the $name store failed" >&2; exit 1; }
  kill "$serve_pid"
  wait "$serve_pid" || true
  serve_pid=""
}

run file
run s3 MAILSTORE_BLOB_URL=s3://mail/bench MAILSTORE_BLOB_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" \
  MAILSTORE_BLOB_S3_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
objects=$(find "$work/s3/mail/bench" -type f | wc -l)
echo "objects in the bucket: $objects (expected $((MESSAGES + WARMUP)))" >&2

rate() { sed -n 's/^result: \([0-9.]*\) messages\/s.*/\1/p' "$work/$1.out"; }
awk -v f="$(rate file)" -v s="$(rate s3)" 'BEGIN { printf "file %.1f msg/s, s3 %.1f msg/s, s3/file %.2f\n", f, s, s / f }'
