#!/usr/bin/env bash
# End-to-end benchmark of the command line on synthetic audio exports. Prints, in one run:
#   - the parse-only ceiling (JSON-P token scan of the same file, one thread),
#   - NDJSON -> CSV throughput of `audio-export run` (MB/s, rows/s) and its peak RSS,
#     with the streaming decoder (default) and with the JSON-B one,
#   - peak RSS on a small and a large export (memory must not grow with the input),
#   - the cost of `restart --last` after a SIGKILL at 90% of the run, against a full run (both by
#     `java -jar`; src/bench/run-restart-bench.sh measures the launcher's restart, as users run it).
# Usage: src/bench/run-bench.sh [SIZE_MB=300] [SMALL_MB=100] [LARGE_MB=1000]
# Exports are generated once into target/bench/ and reused. The command line runs with
# $JAVA_OPTS (default -Xmx256m: the heap it needs whatever the export's size; without a cap the
# JVM's own sizing lets the heap grow with a longer run, garbage or not).
set -euo pipefail
cd "$(dirname "$0")/../.."

size_mb=${1:-300}
small_mb=${2:-100}
large_mb=${3:-1000}
work=target/bench
mkdir -p "$work"
java_opts=${JAVA_OPTS--Xmx256m}

# shellcheck source=src/bench/bench-setup.sh
source src/bench/bench-setup.sh

run_cli() { # NAME ARGS... : runs the CLI under /usr/bin/time; leaves NAME.out, NAME.time
  local name=$1; shift
  rm -rf "$work/$name.state"
  AUDIOEXPORT_HOME="$work/$name.state" /usr/bin/time -f '%e %M' -o "$work/$name.time" \
    java $java_opts -jar target/audio-export.jar "$@" > "$work/$name.out" 2> "$work/$name.err"
}

seconds() { cut -d' ' -f1 "$work/$1.time"; }
rss_mb() { awk '{printf "%.0f", $2 / 1024}' "$work/$1.time"; }
rows_of() { awk '/rows written/ {gsub(",", "", $3); print $3}' "$work/$1.out"; }
mb_of() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f", b / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

main_export=$(export_of "$size_mb")
main_mb=$(mb_of "$main_export")
echo "== export: $main_export ($main_mb MB); command line JVM options: ${java_opts:-none}"

ceiling=$(java -cp "$cp" dev.audioexport.bench.ParseCeiling "$main_export" 3 | sed -n 's/parse_ceiling_mb_s=\([0-9.]*\).*/\1/p')
echo "parse-only ceiling (JSON-P token scan, 1 thread): $ceiling MB/s"

run_cli full run --source "$main_export" --csv "$work/full.csv"
full_s=$(seconds full)
full_rows=$(rows_of full)
e2e=$(awk -v mb="$main_mb" -v s="$full_s" 'BEGIN {printf "%.1f", mb / s}')
rows_s=$(awk -v r="$full_rows" -v s="$full_s" 'BEGIN {printf "%.0f", r / s}')
echo "end to end NDJSON -> CSV: $e2e MB/s, $rows_s rows/s ($full_rows rows in $full_s s), peak RSS $(rss_mb full) MB"
echo "end to end / ceiling: $(ratio "$e2e" "$ceiling") (target >= 0.50)"
job_s=$(awk '/COMPLETED in/ {print $5}' "$work/full.out")
echo "  of which the job itself (JVM and repository start-up excluded): $job_s s," \
  "$(awk -v mb="$main_mb" -v s="$job_s" 'BEGIN {printf "%.1f", mb / s}') MB/s, $(ratio "$(awk -v mb="$main_mb" -v s="$job_s" 'BEGIN {printf "%.1f", mb / s}')" "$ceiling") of the ceiling"
# The fixed cost every command pays (JVM, JBeret, the H2 repository), whatever the export's size.
AUDIOEXPORT_HOME="$work/full.state" /usr/bin/time -f '%e %M' -o "$work/status.time" \
  java $java_opts -jar target/audio-export.jar status > /dev/null 2>&1
echo "  start-up of any command (\`status\` on that run's repository): $(seconds status) s"

run_cli jsonb run --source "$main_export" --csv "$work/jsonb.csv" --decoder jsonb
jsonb_same=$(cmp -s "$work/full.csv" "$work/jsonb.csv" && echo "same CSV" || echo "DIFFERENT CSV")
echo "end to end with the JSON-B (Yasson) decoder instead: $(awk -v mb="$main_mb" -v s="$(seconds jsonb)" \
  'BEGIN {printf "%.1f", mb / s}') MB/s ($jsonb_same)"

full_csv_bytes=$(stat -c %s "$work/full.csv")
rm -rf "$work/killed.state" "$work"/killed.csv*
AUDIOEXPORT_HOME="$work/killed.state" java $java_opts -jar target/audio-export.jar run --source "$main_export" \
  --csv "$work/killed.csv" > "$work/killed.out" 2> "$work/killed.err" &
victim=$!
target_bytes=$((full_csv_bytes * 9 / 10))
while kill -0 "$victim" 2>/dev/null && [[ $(stat -c %s "$work/killed.csv" 2>/dev/null || echo 0) -lt $target_bytes ]]; do
  sleep 0.05
done
kill -9 "$victim" 2>/dev/null || true
wait "$victim" 2>/dev/null || true
AUDIOEXPORT_HOME="$work/killed.state" /usr/bin/time -f '%e %M' -o "$work/restart.time" \
  java $java_opts -jar target/audio-export.jar restart --last > "$work/restart.out" 2> "$work/restart.err"
restart_s=$(seconds restart)
same=$(cmp -s "$work/full.csv" "$work/killed.csv" && echo "byte-identical" || echo "DIFFERENT")
echo "restart after SIGKILL at 90%: $restart_s s vs full run $full_s s = $(ratio "$restart_s" "$full_s") (target <= 0.15); CSV $same"
restart_job_s=$(awk '/COMPLETED in/ {print $5}' "$work/restart.out")
echo "  the restarted job itself: $restart_job_s s vs $job_s s = $(ratio "$restart_job_s" "$job_s")"
# What no restart at 90% can go below on this machine, whatever the tool: a fresh JVM that opens
# the job repository and reads one row, then JSON-P-scans the export's last tenth and writes twice
# its bytes (about its CSV), forced once (RestartFloor; the fastest of 5).
for attempt in 1 2 3 4 5; do
  /usr/bin/time -f '%e %M' -o "$work/floor-$attempt.time" java $java_opts -cp "$cp" \
    dev.audioexport.bench.RestartFloor "$work/killed.state" "$main_export" "$work/floor.out" > /dev/null
done
sort -n "$work"/floor-?.time | head -1 > "$work/floor.time"
rm -f "$work/floor.out"
floor_s=$(seconds floor)
echo "restart floor (a JVM opening the job repository, then scanning the last 10% and writing twice its bytes): $floor_s s"
# Both targets at once: a full run at 0.5 x the ceiling, and a restart at 0.15 of that run.
awk -v mb="$main_mb" -v c="$ceiling" -v floor="$floor_s" -v today="$full_s" 'BEGIN {
  full = mb / (0.5 * c); allowed = 0.15 * full
  printf "both targets at once: a full run at 0.5 x the ceiling takes %.2f s; 0.15 of it is %.2f s, %s the restart floor %.2f s\n",
    full, allowed, allowed < floor ? "BELOW" : "above", floor
  printf "  (the floor alone is %.2f of this full run of %.2f s)\n", floor / today, today }'

small=$(export_of "$small_mb")
large=$(export_of "$large_mb")
run_cli small run --source "$small" --csv "$work/small.csv"
run_cli large run --source "$large" --csv "$work/large.csv"
echo "peak RSS: $(mb_of "$small") MB export -> $(rss_mb small) MB; $(mb_of "$large") MB export -> $(rss_mb large) MB;" \
  "ratio $(ratio "$(rss_mb large)" "$(rss_mb small)") (target <= 1.20)"
large_mb_s=$(awk -v mb="$(mb_of "$large")" -v s="$(seconds large)" 'BEGIN {printf "%.1f", mb / s}')
echo "large export end to end: $large_mb_s MB/s, $(ratio "$large_mb_s" "$ceiling") of the ceiling (start-up weighs less on a longer run)"
