# CPU use of server processes from /proc, for the bench scripts (sourced, not run). One place, so every script
# counts the same way: a process and its children still running, plus (with "reaped") the children it has waited
# for, such as PostgreSQL backends that ended or Dovecot's per-session processes.

# Prints "user system voluntary involuntary": clock ticks in user and system mode, and context switches.
cpu_ticks() { # pid [reaped]
  local p t u=0 sy=0 vol=0 inv=0 f a b
  for p in $1 $(pgrep -P "$1" | tr '\n' ' '); do
    [ -r "/proc/$p/stat" ] || continue
    read -r -a f <<< "$(sed 's/^.*) //' "/proc/$p/stat")" # f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
    u=$((u + f[11])) sy=$((sy + f[12]))
    [ "${2:-}" = reaped ] && u=$((u + f[13])) sy=$((sy + f[14]))
    for t in /proc/"$p"/task/*/status; do
      read -r a b < <(awk '/^voluntary_ctxt/ {v=$2} /^nonvoluntary_ctxt/ {n=$2} END {print v + 0, n + 0}' "$t" 2>/dev/null || echo "0 0")
      vol=$((vol + a)) inv=$((inv + b))
    done
  done
  echo "$u $sy $vol $inv"
}

# Prints the user + system CPU seconds of cpu_ticks, one decimal.
cpu_seconds() { # pid [reaped]
  cpu_ticks "$@" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($1 + $2) / hz }'
}
