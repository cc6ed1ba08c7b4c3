#!/usr/bin/env bash
# One COPY load of the database benchmark's export by the distribution's launcher, with where its
# CPU went: per thread of the job (/proc/<pid>/task/*/stat polled every 0.1 s; a thread's last
# look counts, so one that ends between looks loses up to 0.1 s), grouped (C2, C1, GC/VM, the
# step's jberet-1, the table's audio-export-table-1, ...), the client's user+sys (/usr/bin/time)
# and the local PostgreSQL server's (its postmaster's reaped backends and its helper processes).
# Fresh tables <prefix>_*, a CHECKPOINT first, as run-db-bench.sh does. Run it under
# flock /tmp/audio-export-bench.lock and interleave A/B runs, e.g. main's distribution copied to
# another directory (LAUNCHER=...) or JVM options (AUDIOEXPORT_OPTS=...).
# Usage: src/bench/run-db-threads.sh [NAME=run] [SIZE_MB=100] [PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
#   (environment: LAUNCHER=target/dist/bin/audio-export, BENCH_PREFIX=threads, PG_PID: the
#   postmaster's pid, else the oldest process named postgres; AUDIOEXPORT_OPTS as the launcher takes it)
# Needs target/bench/db-export-SIZEmb.ndjson (run-db-bench.sh SIZE_MB makes it).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:-run}; size=${2:-100}; url=${3:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
prefix=${BENCH_PREFIX:-threads}; launcher=${LAUNCHER:-target/dist/bin/audio-export}
work=target/bench; export_file=$work/db-export-${size}mb.ndjson
[[ -f $export_file ]] || { echo "no $export_file: run src/bench/run-db-bench.sh $size first"; exit 1; }
psql_run() { psql "${url#jdbc:}" -X -q -v ON_ERROR_STOP=1 "$@"; }
tables=""
for t in "" _history _sync _sync_seen _data_rows _metadata _attachments _project_data_rows _labels \
    _label_reviews _workflow_history; do tables+="$prefix$t,"; done
psql_run -c "DROP TABLE IF EXISTS ${tables%,}" 2>&1 | grep -v NOTICE || true
psql_run -c CHECKPOINT
postmaster=${PG_PID:-$(pgrep -o -x postgres)}
hz=$(getconf CLK_TCK)
server_ticks() { # the postmaster's own and reaped children's ticks, and its live helpers' own
  local ticks p
  ticks=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for p in $(pgrep -P "$postmaster"); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$ticks"
}
before=$(server_ticks)
rm -rf "$work/threads.state"
AUDIOEXPORT_HOME=$work/threads.state /usr/bin/time -f '%e %U %S' -o "$work/threads.time" \
  "$launcher" run --source "$export_file" --jdbc "$url" --table "$prefix" \
  --rejects "$work/threads.rejects.jsonl" > "$work/threads.out" 2> "$work/threads.err" &
timed=$!
: > "$work/threads.stat"
java_pid=""
while kill -0 "$timed" 2>/dev/null; do
  [[ -z $java_pid ]] && java_pid=$(pgrep -P "$timed" java || true)
  if [[ -n $java_pid ]]; then
    for f in /proc/"$java_pid"/task/*/stat; do cat "$f" 2>/dev/null && echo; done >> "$work/threads.stat" || true
  fi
  sleep 0.1
done
wait "$timed" || { cat "$work/threads.err"; exit 1; }
after=$(server_ticks)
threads=$(sed -E 's/^([0-9]+) \((.*)\) (.*)$/\1\t\2\t\3/' "$work/threads.stat" | awk -F'\t' -v hz="$hz" '
  NF == 3 { split($3, f, " "); t = f[12] + f[13]; if (t > most[$1]) { most[$1] = t; named[$1] = $2 } }
  END {
    for (tid in most) {
      g = named[tid]
      if (g ~ /^C2/) g = "C2"; else if (g ~ /^C1/) g = "C1"; else if (g ~ /GC|VM Thread/) g = "GC/VM"
      sum[g] += most[tid]
    }
    for (g in sum) if (sum[g] >= 5) printf "%s %.2f, ", g, sum[g] / hz
  }')
read -r wall user sys < "$work/threads.time"
echo "$name: wall $wall s (job alone $(sed -n 's/^Execution [0-9]* COMPLETED in \([0-9.]*\) s$/\1/p' "$work/threads.out") s);" \
  "client $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') CPU-s (${threads%, });" \
  "server $(awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}') CPU-s;" \
  "$(awk '/rows written/ {print $3}' "$work/threads.out") rows, $(awk '/lines rejected/ {print $3}' "$work/threads.out") rejected;" \
  "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
rm -rf "$work/threads.stat" "$work/threads.state"
