#!/usr/bin/env bash
# Database benchmark of the command line, in one run on one synthetic export (issue 16's targets:
# the PostgreSQL load >= 0.8 x psql \copy of the same rows into tables of the same definitions,
# and >= 100k rows/s):
#   - NDJSON -> PostgreSQL rows/s (rows of the long table; its seven companion tables are loaded
#     too, as --jdbc does by default), end to end, with COPY (the default: binary COPY for the long
#     table) and with batched INSERTs,
#   - psql \copy of the CSVs the job wrote (--out) into fresh tables of the same definitions as the
#     job's (LIKE ... INCLUDING ALL, made before any row: the same columns, identity, primary key and
#     indexes are there while the rows land, as in the job's first load): the long table alone, and
#     all eight tables, and the job's ratio to each (all eight is the like-for-like one),
#   - NDJSON -> H2 embedded table rows/s, and H2's own CSVREAD of the same CSV into a table of the
#     same shape.
# Rows/s are over the wall time of each command (the job's JVM start included) and, in brackets,
# over the job's own duration as its summary reports it. Both jobs start on empty tables (a first
# load, which sends no deletes; see TableSink).
# The COPY job and psql alternate ROUNDS times (each on fresh tables, each after a CHECKPOINT),
# the best of each counts: PostgreSQL's WAL-triggered checkpoints (every 1 GB of WAL by default,
# about 2.5 loads of 100 MB) landed in one or the other at random and slowed it by up to half
# (without the CHECKPOINT, on one afternoon: the job 7.9-11.7 s in the benchmark against 4.9-5.0 s
# right after a CHECKPOINT).
# Usage: src/bench/run-db-bench.sh [SIZE_MB=100] [PG_URL]
#   (environment: ROUNDS=3; BENCH_PREFIX=bench, the tables' prefix; JOB=launcher, or jar)
# PG_URL (default: $AUDIOEXPORT_TEST_PG_URL, else a PostgreSQL started for the run by the tests'
# EmbeddedTestPostgres) holds only host, port, database and user (psql reads the same URL without
# "jdbc:"); a password goes in AUDIOEXPORT_DB_PASSWORD. Tables <prefix>_copy, <prefix>_insert and
# <prefix>_psql, and their companion tables, are replaced. The psql \copy comparison needs psql on the PATH (any version).
# The export is generated once into target/bench/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."

size_mb=${1:-100}
pg_url=${2:-${AUDIOEXPORT_TEST_PG_URL:-}}
prefix=${BENCH_PREFIX:-bench}
rounds=${ROUNDS:-3}
companions="data_rows metadata attachments project_data_rows labels label_reviews workflow_history"
work=target/bench
mkdir -p "$work"
export PGPASSWORD=${AUDIOEXPORT_DB_PASSWORD:-${PGPASSWORD:-}}

if [[ ! -f target/audio-export.jar || ! -x target/dist/bin/audio-export \
      || ! -f target/test-classes/dev/audioexport/bench/SyntheticExport.class ]]; then
  mvn -B -q package -DskipTests
fi
if [[ ! -f "$work/classpath" || pom.xml -nt "$work/classpath" ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
fi
cp="target/test-classes:target/classes:$(cat "$work/classpath")"

if [[ -z $pg_url ]]; then  # no server given: one for this run, stopped when the script ends
  coproc EMBEDDED_PG { exec java -cp "$cp" dev.audioexport.sink.EmbeddedTestPostgres; }
  trap 'kill "$EMBEDDED_PG_PID" 2>/dev/null; wait' EXIT  # SIGTERM: its shutdown hook stops the server
  while read -r line <&"${EMBEDDED_PG[0]}"; do
    [[ $line == jdbc:* ]] && { pg_url=$line; break; }
    echo "$line"
  done
  [[ -n $pg_url ]] || { echo "the embedded PostgreSQL did not start"; exit 1; }
fi

# SyntheticExport, with seconds_to_review cut to whole seconds: the table's integer columns refuse
# fractions (the line is rejected), and so does psql loading the CSV into the same table.
export_file="$work/db-export-${size_mb}mb.ndjson"
if [[ ! -f "$export_file" ]]; then
  java -cp "$cp" dev.audioexport.bench.SyntheticExport "$work/db-export-raw.ndjson" "$size_mb" >&2
  sed -E 's/("seconds_to_review":-?[0-9]+)\.[0-9]+/\1/g' "$work/db-export-raw.ndjson" > "$export_file"
  rm "$work/db-export-raw.ndjson"
fi

psql_run() { psql "${pg_url#jdbc:}" -X -q -v ON_ERROR_STOP=1 "$@"; }

# The command line as users run it: the distribution's launcher (its JVM options and class-data
# archive), as the other benchmarks do; JOB=jar runs `java -jar target/audio-export.jar` instead,
# with the JVM's defaults, as this benchmark ran before (3 rounds of each, alternating, load 6.7-7.8:
# the client's CPU 6.8 s against 5.3-5.6 s with the launcher; best wall 5.59 s against 4.90 s).
if [[ ${JOB:-launcher} == jar ]]; then job=(java -jar target/audio-export.jar); else job=(target/dist/bin/audio-export); fi
run_cli() { # NAME ARGS... : runs the CLI in a fresh state directory; leaves NAME.out, NAME.err, NAME.time
  local name=$1; shift
  rm -rf "$work/$name.state"
  AUDIOEXPORT_HOME="$work/$name.state" /usr/bin/time -f '%e' -o "$work/$name.time" \
    "${job[@]}" "$@" > "$work/$name.out" 2> "$work/$name.err" \
    || { echo "== $name failed:"; cat "$work/$name.err"; exit 1; }
}
wall() { cat "$work/$1.time"; }
job_seconds() { sed -n 's/^Execution [0-9]* COMPLETED in \([0-9.]*\) s$/\1/p' "$work/$1.out"; }
rows_of() { awk '/rows written/ {gsub(",", "", $3); print $3}' "$work/$1.out"; }
rejected_of() { awk '/lines rejected/ {gsub(",", "", $3); print $3}' "$work/$1.out"; }
per_s() { awk -v r="$1" -v s="$2" 'BEGIN {printf "%.0f", r / s}'; }
report() { # NAME LABEL
  local rows; rows=$(rows_of "$1")
  echo "$2: $(per_s "$rows" "$(wall "$1")") rows/s ($rows rows in $(wall "$1") s;" \
    "job alone $(per_s "$rows" "$(job_seconds "$1")") rows/s in $(job_seconds "$1") s)"
}

echo "== export: $export_file ($(awk -v b="$(stat -c %s "$export_file")" 'BEGIN {printf "%.1f", b / 1e6}') MB)"
drop_tables() { # NAME...: a job's table, its history and companion tables, or psql's
  local tables=() name t
  for name in "$@"; do
    tables+=("${prefix}_$name" "${prefix}_${name}_history" "${prefix}_${name}_sync" "${prefix}_${name}_sync_seen")
    for t in $companions; do tables+=("${prefix}_${name}_$t"); done
  done
  psql_run -c "DROP TABLE IF EXISTS $(IFS=,; echo "${tables[*]}")" 2>&1 | grep -v NOTICE || true
}
drop_tables copy insert psql

csv_dir="$work/db-bench-out"
rm -rf "$csv_dir"
run_cli csv run --source "$export_file" --out "$csv_dir"
report csv "NDJSON -> eight CSVs (reference: parse, map, encode)"
[[ $(rejected_of csv) == 0 ]] || echo "WARNING: $(rejected_of csv) lines rejected; see $csv_dir/rejects.jsonl"

psql_load() { # TABLE LIKE CSV: a fresh table like LIKE, \copy CSV into it; prints the seconds
  local columns start
  psql_run -c "CREATE TABLE $1 (LIKE $2 INCLUDING ALL)"
  columns=$(head -n 1 "$3" | tr -d '\r' | sed 's/\bvalue\b/"value"/')
  start=$(date +%s.%N)
  psql_run -c "\\copy $1 ($columns) FROM '$3' WITH (FORMAT csv, HEADER true)"
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN {print (a == "" || b < a) ? b : a}'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a + b}'; }
best_wall=""; best_job=""; psql_s=""; psql_all=""
for round in $(seq "$rounds"); do
  drop_tables copy psql
  psql_run -c CHECKPOINT  # each load starts alike, its WAL not paying for the previous one's checkpoint
  run_cli copy run --source "$export_file" --jdbc "$pg_url" --table "${prefix}_copy" --rejects "$work/copy.rejects.jsonl"
  [[ $(rejected_of copy) == 0 ]] || echo "WARNING: $(rejected_of copy) lines rejected (values the table cannot hold)"
  best_wall=$(min "$best_wall" "$(wall copy)"); best_job=$(min "$best_job" "$(job_seconds copy)")
  psql_run -c CHECKPOINT
  alone=$(psql_load "${prefix}_psql" "${prefix}_copy" "$csv_dir/annotations.csv")
  all=$alone
  for t in $companions; do
    all=$(sum "$all" "$(psql_load "${prefix}_psql_$t" "${prefix}_copy_$t" "$csv_dir/$t.csv")")
  done
  psql_s=$(min "$psql_s" "$alone"); psql_all=$(min "$psql_all" "$all")
  echo "round $round: COPY job $(wall copy) s (job alone $(job_seconds copy) s), psql \\copy $alone s alone, $all s eight;" \
    "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
done
rows=$(rows_of copy)
echo "NDJSON -> PostgreSQL, COPY (best of $rounds): $(per_s "$rows" "$best_wall") rows/s ($rows rows in $best_wall s;" \
  "job alone $(per_s "$rows" "$best_job") rows/s in $best_job s)"
psql_rows=$(psql_run -tA -c "SELECT count(*) FROM ${prefix}_psql")
echo "psql \\copy of annotations.csv alone: $(per_s "$psql_rows" "$psql_s") rows/s ($psql_rows rows in $psql_s s);" \
  "of all eight CSVs: $(per_s "$psql_rows" "$psql_all") rows/s ($psql_all s)"
for t in "" $(for t in $companions; do echo "_$t"; done); do
  a=$(psql_run -tA -c "SELECT count(*) FROM ${prefix}_copy$t"); b=$(psql_run -tA -c "SELECT count(*) FROM ${prefix}_psql$t")
  [[ $a == "$b" ]] || echo "WARNING: ${prefix}_copy$t has $a rows, ${prefix}_psql$t $b"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "COPY / psql \\copy of the eight CSVs: $(ratio "$psql_all" "$best_wall") (job alone $(ratio "$psql_all" "$best_job"));" \
  "of annotations.csv alone: $(ratio "$psql_s" "$best_wall") (job alone $(ratio "$psql_s" "$best_job"));" \
  "targets >= 0.80 and >= 100000 rows/s"

run_cli insert run --source "$export_file" --jdbc "$pg_url" --table "${prefix}_insert" --load insert \
  --rejects "$work/insert.rejects.jsonl"
report insert "NDJSON -> PostgreSQL, batched INSERT"

rm -rf "$work/h2"
columns=$(head -n 1 "$csv_dir/annotations.csv" | tr -d '\r')
h2_url="jdbc:h2:file:$PWD/$work/h2/bench"
run_cli h2 run --source "$export_file" --jdbc "$h2_url" --table "$prefix" --rejects "$work/h2.rejects.jsonl"
report h2 "NDJSON -> H2 embedded, batched INSERT"

# H2's own bulk load of the same CSV (CSVREAD) into an empty table of the same shape, made by the job.
: > "$work/empty.ndjson"
run_cli h2-empty run --source "$work/empty.ndjson" --jdbc "$h2_url" --table "${prefix}_csvread" \
  --rejects "$work/h2-empty.rejects.jsonl"
start=$(date +%s.%N)
java -cp "$(ls target/lib/h2-*.jar)" org.h2.tools.Shell -url "$h2_url" \
  -sql "INSERT INTO ${prefix}_csvread ($columns) SELECT * FROM CSVREAD('$csv_dir/annotations.csv', NULL, 'charset=UTF-8')" > /dev/null
h2_csv_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
echo "H2 CSVREAD of that CSV: $(per_s "$(rows_of csv)" "$h2_csv_s") rows/s ($h2_csv_s s);" \
  "the job / CSVREAD: $(awk -v a="$h2_csv_s" -v b="$(wall h2)" 'BEGIN {printf "%.2f", a / b}')"
