#!/usr/bin/env bash
# Issue 16: the fixed cost of a restart, as a user runs it (target/dist/bin/audio-export, no options).
# A full run of a SIZE_MB export, then ROUNDS times: a run killed (SIGKILL) once its CSV holds 90 %
# of the full run's bytes, and `restart --last`. The fixed cost is what the restart takes beyond
# one tenth of the full run (JVM and runtime start, the repository, the cold JIT on the first
# tens of MB): target <= 15 x a bare `java -version` (medians; the CSV must come out byte-identical).
# Beside each restart, a fresh `run` of the export's last tenth: what any cold JVM pays on the same
# bytes, and so what of the fixed cost is the restart's own.
# Usage: src/bench/run-restart-bench.sh [SIZE_MB=1000] [ROUNDS=3]
# Extra JVM options for the launcher may be given in AUDIOEXPORT_OPTS (to compare settings).
set -euo pipefail
cd "$(dirname "$0")/../.."

size_mb=${1:-1000}
rounds=${2:-3}
work=target/bench
launcher=target/dist/bin/audio-export
mkdir -p "$work"
unset JAVA_OPTS AUDIOEXPORT_CDS

# shellcheck source=src/bench/bench-setup.sh
source src/bench/bench-setup.sh
load() { cut -d' ' -f1-3 /proc/loadavg; }
seconds_of() { awk '{print $1}' "$work/$1.time"; }
job_seconds() { awk '/ in [0-9.]+ s/ {for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1)}' "$work/$1.out" | tail -1; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

export_file=$(export_of "$size_mb")
echo "== restart fixed cost, $export_file, launcher ${AUDIOEXPORT_OPTS:+with AUDIOEXPORT_OPTS=$AUDIOEXPORT_OPTS }(load $(load))"
rm -rf "$work/rs-full.state" "$work/rs-full.csv"
AUDIOEXPORT_HOME="$work/rs-full.state" /usr/bin/time -f '%e %M' -o "$work/rs-full.time" \
  "$launcher" run --source "$export_file" --csv "$work/rs-full.csv" > "$work/rs-full.out" 2> "$work/rs-full.err"
full_s=$(seconds_of rs-full)
full_bytes=$(stat -c %s "$work/rs-full.csv")
echo "full run: $full_s s (job $(job_seconds rs-full) s); one tenth: $(awk -v f="$full_s" 'BEGIN {printf "%.2f", f / 10}') s"

java_ms=()
for attempt in 1 2 3 4 5; do
  start=$(date +%s%N); java -version > /dev/null 2>&1; java_ms+=($((($(date +%s%N) - start) / 1000000)))
done
java_s=$(printf '%s\n' "${java_ms[@]}" | median | awk '{printf "%.3f", $1 / 1000}')

# The same bytes for a fresh JVM: the export from its first line at or after 90 % of its bytes
# (about what a restart at 90 % reads again). A fresh `run` of them beside each restart splits the
# fixed cost into what any cold JVM pays on those bytes and what is the restart's own (repository,
# the checks, truncating the CSV, seeking the source).
tail_file="$work/rs-last-tenth.ndjson"
tail -c +$(($(stat -c %s "$export_file") * 9 / 10)) "$export_file" | tail -n +2 > "$tail_file"

: > "$work/rs-restart.s"
: > "$work/rs-fixed.s"
: > "$work/rs-fresh.s"
for ((round = 1; round <= rounds; round++)); do
  rm -rf "$work/rs-killed.state" "$work"/rs-killed.csv*
  AUDIOEXPORT_HOME="$work/rs-killed.state" "$launcher" run --source "$export_file" --csv "$work/rs-killed.csv" \
    > "$work/rs-killed.out" 2> "$work/rs-killed.err" &
  victim=$!
  while kill -0 "$victim" 2>/dev/null && [[ $(stat -c %s "$work/rs-killed.csv" 2>/dev/null || echo 0) -lt $((full_bytes * 9 / 10)) ]]; do
    sleep 0.02
  done
  # the launcher execs the JVM: this is the JVM's pid
  kill -9 "$victim" 2>/dev/null || true
  wait "$victim" 2>/dev/null || true
  at=$(awk -v k="$(stat -c %s "$work/rs-killed.csv")" -v f="$full_bytes" 'BEGIN {printf "%.0f", 100 * k / f}')
  AUDIOEXPORT_HOME="$work/rs-killed.state" /usr/bin/time -f '%e %M' -o "$work/rs-restart.time" \
    "$launcher" restart --last > "$work/rs-restart.out" 2> "$work/rs-restart.err"
  restart_s=$(seconds_of rs-restart)
  fixed_s=$(awk -v r="$restart_s" -v f="$full_s" 'BEGIN {printf "%.3f", r - f / 10}')
  same=$(cmp -s "$work/rs-full.csv" "$work/rs-killed.csv" && echo "byte-identical" || echo "DIFFERENT")
  # what the restart spends outside its job (JVM, runtime, repository, the job's start and end),
  # from one process's own figures: less at the mercy of other load than the subtraction above
  outside_s=$(awk -v r="$restart_s" -v j="$(job_seconds rs-restart)" 'BEGIN {printf "%.2f", r - j}')
  echo "round $round: killed at $at %; restart $restart_s s (job $(job_seconds rs-restart) s, outside it $outside_s s);" \
    "fixed cost $fixed_s s; CSV $same (load $(load))"
  echo "$restart_s" >> "$work/rs-restart.s"
  echo "$fixed_s" >> "$work/rs-fixed.s"
  rm -rf "$work/rs-fresh.state" "$work/rs-fresh.csv"
  AUDIOEXPORT_HOME="$work/rs-fresh.state" /usr/bin/time -f '%e %M' -o "$work/rs-fresh.time" \
    "$launcher" run --source "$tail_file" --csv "$work/rs-fresh.csv" > "$work/rs-fresh.out" 2> "$work/rs-fresh.err"
  echo "        a fresh run of the export's last tenth: $(seconds_of rs-fresh) s (job $(job_seconds rs-fresh) s)"
  seconds_of rs-fresh >> "$work/rs-fresh.s"
done
rm -f "$work/rs-fresh.csv" "$tail_file"
fixed=$(median < "$work/rs-fixed.s")
echo "java -version: $java_s s (median of 5)"
echo "restart: median $(median < "$work/rs-restart.s") s; fixed cost: median $fixed s = $(awk -v a="$fixed" -v b="$java_s" 'BEGIN {printf "%.1f", a / b}') x java -version (target <= 15)"
fresh=$(median < "$work/rs-fresh.s")
echo "a fresh run of the last tenth: median $fresh s, so a cold JVM on those bytes costs" \
  "$(awk -v a="$fresh" -v f="$full_s" 'BEGIN {printf "%.3f", a - f / 10}') s beyond one tenth of the full run;" \
  "the restart's own share: $(awk -v r="$(median < "$work/rs-restart.s")" -v a="$fresh" 'BEGIN {printf "%.3f", r - a}') s"
echo "(load after: $(load))"
