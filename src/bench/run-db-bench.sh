#!/usr/bin/env bash
# Database benchmark of the command line, in one run on one synthetic export:
#   - NDJSON -> PostgreSQL table rows/s, end to end, with COPY (the default) and batched INSERTs,
#   - psql \copy of the CSV the job wrote into a fresh table of the same shape (LIKE ... INCLUDING
#     ALL: same columns, primary key and indexes), its rows/s and the job's ratio to it,
#   - NDJSON -> H2 embedded table rows/s, and H2's own CSVREAD of the same CSV into a table of the
#     same shape.
# Rows/s are over the wall time of each command (the job's JVM start included) and, in brackets,
# over the job's own duration as its summary reports it.
# Usage: src/bench/run-db-bench.sh [SIZE_MB=100] [PG_URL]
# PG_URL (default: $AUDIOEXPORT_TEST_PG_URL, else a PostgreSQL started for the run by the tests'
# EmbeddedTestPostgres) holds only host, port, database and user (psql reads the same URL without
# "jdbc:"); a password goes in AUDIOEXPORT_DB_PASSWORD. Tables bench_copy, bench_insert and
# bench_psql are replaced. The psql \copy comparison needs psql on the PATH (any version).
# The export is generated once into target/bench/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."

size_mb=${1:-100}
pg_url=${2:-${AUDIOEXPORT_TEST_PG_URL:-}}
work=target/bench
mkdir -p "$work"
export PGPASSWORD=${AUDIOEXPORT_DB_PASSWORD:-${PGPASSWORD:-}}

if [[ ! -f target/audio-export.jar || ! -f target/test-classes/dev/audioexport/bench/SyntheticExport.class ]]; then
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

run_cli() { # NAME ARGS... : runs the CLI in a fresh state directory; leaves NAME.out, NAME.err, NAME.time
  local name=$1; shift
  rm -rf "$work/$name.state"
  AUDIOEXPORT_HOME="$work/$name.state" /usr/bin/time -f '%e' -o "$work/$name.time" \
    java -jar target/audio-export.jar "$@" > "$work/$name.out" 2> "$work/$name.err" \
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
psql_run -c "DROP TABLE IF EXISTS bench_copy, bench_copy_history, bench_insert, bench_insert_history, bench_psql"

run_cli csv run --source "$export_file" --csv "$work/db-bench.csv"
report csv "NDJSON -> CSV (reference, parse and map)"
[[ $(rejected_of csv) == 0 ]] || echo "WARNING: $(rejected_of csv) lines rejected; see $work/db-bench.csv.rejects.jsonl"

run_cli copy run --source "$export_file" --jdbc "$pg_url" --table bench_copy --rejects "$work/copy.rejects.jsonl"
report copy "NDJSON -> PostgreSQL, COPY"
[[ $(rejected_of copy) == 0 ]] || echo "WARNING: $(rejected_of copy) lines rejected (values the table cannot hold)"
run_cli insert run --source "$export_file" --jdbc "$pg_url" --table bench_insert --load insert \
  --rejects "$work/insert.rejects.jsonl"
report insert "NDJSON -> PostgreSQL, batched INSERT"

columns=$(head -n 1 "$work/db-bench.csv" | tr -d '\r')
psql_run -c "CREATE TABLE bench_psql (LIKE bench_copy INCLUDING ALL)"
start=$(date +%s.%N)
psql_run -c "\\copy bench_psql ($columns) FROM '$work/db-bench.csv' WITH (FORMAT csv, HEADER true)"
psql_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
psql_rows=$(psql_run -tA -c "SELECT count(*) FROM bench_psql")
echo "psql \\copy of that CSV: $(per_s "$psql_rows" "$psql_s") rows/s ($psql_rows rows in $psql_s s)"
table_rows=$(psql_run -tA -c "SELECT count(*) FROM bench_copy")
[[ $table_rows == "$psql_rows" ]] || echo "WARNING: bench_copy has $table_rows rows, bench_psql $psql_rows"
echo "COPY / psql \\copy: $(awk -v a="$psql_s" -v b="$(wall copy)" 'BEGIN {printf "%.2f", a / b}') (target >= 0.50;" \
  "job alone $(awk -v a="$psql_s" -v b="$(job_seconds copy)" 'BEGIN {printf "%.2f", a / b}'))"

rm -rf "$work/h2"
h2_url="jdbc:h2:file:$PWD/$work/h2/bench"
run_cli h2 run --source "$export_file" --jdbc "$h2_url" --table bench --rejects "$work/h2.rejects.jsonl"
report h2 "NDJSON -> H2 embedded, batched INSERT"

# H2's own bulk load of the same CSV (CSVREAD) into an empty table of the same shape, made by the job.
: > "$work/empty.ndjson"
run_cli h2-empty run --source "$work/empty.ndjson" --jdbc "$h2_url" --table bench_csvread \
  --rejects "$work/h2-empty.rejects.jsonl"
start=$(date +%s.%N)
java -cp "$(ls target/lib/h2-*.jar)" org.h2.tools.Shell -url "$h2_url" \
  -sql "INSERT INTO bench_csvread ($columns) SELECT * FROM CSVREAD('$work/db-bench.csv', NULL, 'charset=UTF-8')" > /dev/null
h2_csv_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
echo "H2 CSVREAD of that CSV: $(per_s "$(rows_of csv)" "$h2_csv_s") rows/s ($h2_csv_s s);" \
  "the job / CSVREAD: $(awk -v a="$h2_csv_s" -v b="$(wall h2)" 'BEGIN {printf "%.2f", a / b}')"
