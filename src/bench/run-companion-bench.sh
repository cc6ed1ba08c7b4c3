#!/usr/bin/env bash
# Companion tables benchmark of the command line, on one synthetic export (SyntheticExport: media
# attributes, metadata of every kind, attachments, reviews, scores, workflow history):
#   - NDJSON -> the long table alone (--csv) against NDJSON -> all eight tables (--out DIR), wall
#     time of the best of ROUNDS runs each, alternating; target: eight tables cost at most 25 %
#     more time;
#   - NDJSON -> the eight PostgreSQL tables (COPY, one transaction per chunk) against psql \copy of
#     the eight CSVs of --out into fresh tables of the same definitions (LIKE ... INCLUDING ALL);
#     target: the job takes at most twice psql's time (>= 0.5 x).
# Times are wall clock of each command, the job's JVM start included ("job" in brackets: the
# job's own duration from its summary).
# Usage: src/bench/run-companion-bench.sh [SIZE_MB=100] [ROUNDS=3] [PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."

size_mb=${1:-100}
rounds=${2:-3}
pg_url=${3:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
work=target/bench
mkdir -p "$work"
export PGPASSWORD=${AUDIOEXPORT_DB_PASSWORD:-${PGPASSWORD:-}}
tables="data_rows metadata attachments project_data_rows labels label_reviews workflow_history"

if [[ ! -f target/audio-export.jar || ! -f target/test-classes/dev/audioexport/bench/SyntheticExport.class ]]; then
  mvn -B -q package -DskipTests
fi
if [[ ! -f "$work/classpath" ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
fi
cp="target/test-classes:target/classes:$(cat "$work/classpath")"

# seconds_to_review cut to whole seconds: the tables' integer columns refuse fractions.
export_file="$work/companion-export-${size_mb}mb.ndjson"
if [[ ! -f "$export_file" ]]; then
  java -cp "$cp" dev.audioexport.bench.SyntheticExport "$work/companion-raw.ndjson" "$size_mb" >&2
  sed -E 's/("seconds_to_review":-?[0-9]+)\.[0-9]+/\1/g' "$work/companion-raw.ndjson" > "$export_file"
  rm "$work/companion-raw.ndjson"
fi

psql_run() { psql "${pg_url#jdbc:}" -X -q -v ON_ERROR_STOP=1 "$@"; }
run_cli() { # NAME ARGS... : a fresh state directory; leaves NAME.out, NAME.err, NAME.time
  local name=$1; shift
  rm -rf "$work/$name.state"
  AUDIOEXPORT_HOME="$work/$name.state" /usr/bin/time -f '%e %U %S' -o "$work/$name.time" \
    java -jar target/audio-export.jar "$@" > "$work/$name.out" 2> "$work/$name.err" \
    || { echo "== $name failed:"; cat "$work/$name.err"; exit 1; }
}
wall() { awk '{print $1}' "$work/$1.time"; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$work/$1.time"; }  # user + system seconds of the process, all threads
job_seconds() { sed -n 's/^Execution [0-9]* COMPLETED in \([0-9.]*\) s$/\1/p' "$work/$1.out"; }
min() { awk -v a="$1" -v b="$2" 'BEGIN {print (a == "" || b < a) ? b : a}'; }

echo "== export: $export_file ($(awk -v b="$(stat -c %s "$export_file")" 'BEGIN {printf "%.1f", b / 1e6}') MB)"
best_long=""; best_all=""; job_long=""; job_all=""; cpu_long=""; cpu_all=""
for round in $(seq "$rounds"); do
  run_cli long run --source "$export_file" --csv "$work/companion-long.csv"
  best_long=$(min "$best_long" "$(wall long)"); job_long=$(min "$job_long" "$(job_seconds long)")
  cpu_long=$(min "$cpu_long" "$(cpu long)")
  rm -rf "$work/companion-out"
  run_cli all run --source "$export_file" --out "$work/companion-out"
  best_all=$(min "$best_all" "$(wall all)"); job_all=$(min "$job_all" "$(job_seconds all)")
  cpu_all=$(min "$cpu_all" "$(cpu all)")
  echo "round $round: long table $(wall long) s (job $(job_seconds long) s, CPU $(cpu long) s)," \
    "eight tables $(wall all) s (job $(job_seconds all) s, CPU $(cpu all) s)"
done
cmp -s "$work/companion-long.csv" "$work/companion-out/annotations.csv" || echo "WARNING: annotations.csv differs from --csv"
echo "rows: $(tr -d '\n' < "$work/companion-out/manifest.json" | sed 's/.*"rows": *{\([^}]*\)}.*/\1/' | tr -s ' ')"
echo "eight tables / long table alone: $(awk -v a="$best_all" -v b="$best_long" 'BEGIN {printf "%.2f", a / b}')" \
  "(best of $rounds: $best_all s vs $best_long s; job alone $(awk -v a="$job_all" -v b="$job_long" 'BEGIN {printf "%.2f", a / b}');" \
  "CPU $(awk -v a="$cpu_all" -v b="$cpu_long" 'BEGIN {printf "%.2f", a / b}'): $cpu_all s vs $cpu_long s; target <= 1.25)"

drop="DROP TABLE IF EXISTS bench_all, bench_all_history, bench_psql"
for t in $tables; do drop="$drop, bench_all_$t, bench_psql_$t"; done
psql_run -c "$drop"
run_cli pg run --source "$export_file" --jdbc "$pg_url" --table bench_all --rejects "$work/companion-pg.rejects.jsonl"
echo "NDJSON -> eight PostgreSQL tables (COPY): $(wall pg) s (job $(job_seconds pg) s)"
grep -q "lines rejected  0" "$work/pg.out" || echo "WARNING: lines rejected: see $work/companion-pg.rejects.jsonl"

psql_total=0
load() { # TABLE CSV
  local columns start seconds
  psql_run -c "CREATE TABLE bench_psql${1#bench_all} (LIKE $1 INCLUDING ALL)"
  columns=$(head -n 1 "$2" | tr -d '\r' | sed 's/\bvalue\b/"value"/')
  start=$(date +%s.%N)
  psql_run -c "\\copy bench_psql${1#bench_all} ($columns) FROM '$2' WITH (FORMAT csv, HEADER true)"
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
  psql_total=$(awk -v a="$psql_total" -v b="$seconds" 'BEGIN {printf "%.2f", a + b}')
}
load bench_all "$work/companion-out/annotations.csv"
for t in $tables; do load "bench_all_$t" "$work/companion-out/$t.csv"; done
for t in "" $(for t in $tables; do echo "_$t"; done); do
  a=$(psql_run -tA -c "SELECT count(*) FROM bench_all$t"); b=$(psql_run -tA -c "SELECT count(*) FROM bench_psql$t")
  [[ $a == "$b" ]] || echo "WARNING: bench_all$t has $a rows, bench_psql$t $b"
done
echo "psql \\copy of the eight CSVs: $psql_total s"
echo "psql \\copy / the job: $(awk -v a="$psql_total" -v b="$(wall pg)" 'BEGIN {printf "%.2f", a / b}')" \
  "(target >= 0.50; job alone $(awk -v a="$psql_total" -v b="$(job_seconds pg)" 'BEGIN {printf "%.2f", a / b}'))"
