#!/usr/bin/env bash
# The long fuzzing campaign of issue 12 ("Hostile input, fuzzed"): each Jazzer @FuzzTest target in turn, at the
# lowest CPU priority, until it has run RUNS inputs (10,000,000 by default) or found a crash. Prints one line per
# target: executions, seconds, coverage (libFuzzer's cov/ft counters at the end) and the outcome; the full log
# of each target is kept in target/fuzz-long/. Record the figures in docs/reliability.md, "Hostile input (fuzzing)".
#
#   bench/fuzz-long.sh                  every target, 10 million executions each
#   RUNS=1000000 bench/fuzz-long.sh     shorter
#   MAX_SECONDS=600 bench/fuzz-long.sh  also stop each target after this many seconds (0, the default: no limit)
#   bench/fuzz-long.sh imapd:org.mailstore.imapd.parse.ImapCommandStreamFuzzTest    one target (module:class)
#   JAZZER_EXCLUDES='org.mailstore.store.mime.PartsCodec*' bench/fuzz-long.sh store:...MessageParserFuzzTest
#                                       classes (':'-separated globs) left uninstrumented and unhooked: code a target
#                                       only calls to check its result, which should not steer the fuzzer
#
# A crash stops that target; Jazzer writes the input into the target's src/test/resources/...Inputs directory,
# where the next plain test run replays it as a regression test. Each target starts from its committed seeds
# plus the corpus earlier runs grew in <module>/.cifuzz-corpus (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10000000}
MAX_SECONDS=${MAX_SECONDS:-0}
excludes=()
[ -z "${JAZZER_EXCLUDES:-}" ] ||
  excludes=(-Djazzer.instrumentation_excludes="$JAZZER_EXCLUDES" -Djazzer.custom_hook_excludes="$JAZZER_EXCLUDES")
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    net:org.mailstore.net.LineReaderFuzzTest
    net:org.mailstore.net.SaslFuzzTest
    lmtpd:org.mailstore.lmtpd.LmtpCommandFuzzTest
    pop3d:org.mailstore.pop3d.Pop3CommandFuzzTest
    imapd:org.mailstore.imapd.parse.ImapCommandStreamFuzzTest
    store:org.mailstore.store.mime.MessageParserFuzzTest
    store:org.mailstore.store.mime.PartsCodecFuzzTest
  )
fi
LOGS=target/fuzz-long
mkdir -p "$LOGS"

modules=$(printf '%s\n' "${TARGETS[@]}" | cut -d: -f1 | sort -u | paste -sd, -)
echo "building $modules ..."
nice -n 19 bin/test -q -pl "$modules" -am -DskipTests >"$LOGS/build.log" 2>&1

for target in "${TARGETS[@]}"; do
  module=${target%%:*}
  class=${target#*:}
  log="$LOGS/${class##*.}.log"
  started=$(date +%s)
  # jazzer.internal.arg.N are libFuzzer arguments (the first is argv[0]); they come after the @FuzzTest's own
  # maxDuration, so -max_total_time replaces the CI time limit and -runs sets the count.
  if JAZZER_FUZZ=1 nice -n 19 bin/test -q -pl "$module" -am -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz-long -Djazzer.internal.arg.1=-runs="$RUNS" \
      -Djazzer.internal.arg.2=-max_total_time="$MAX_SECONDS" -Djazzer.internal.arg.3=-print_final_stats=1 "${excludes[@]}" >"$log" 2>&1; then
    outcome=ok
  else
    outcome="FAILED (see $log)"
  fi
  report="$module/target/surefire-reports/$class-output.txt"
  [ -f "$report" ] && cp "$report" "$LOGS/${class##*.}-output.txt"
  done_line=$(grep -h '^#[0-9]*[[:space:]]*DONE' "$log" "$report" 2>/dev/null | tail -1 || true)
  runs_line=$(grep -h '^Done [0-9]* runs' "$log" "$report" 2>/dev/null | tail -1 || true)
  echo "$class: ${runs_line:-no libFuzzer summary} | ${done_line:-} | wall $(( $(date +%s) - started )) s | $outcome"
done
