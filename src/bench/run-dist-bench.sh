#!/usr/bin/env bash
# Benchmark of the distribution as a user runs it: target/dist/bin/audio-export with no options.
#   - peak RSS on a small and a large synthetic export (target: large <= 1.2 x small, <= 512 MB),
#   - `status` and the bundled sample run against a bare `java -version` (medians of N runs;
#     targets: status <= 6 x, sample run <= 10 x), and the same without the CDS archive and with
#     plain `java -jar target/audio-export.jar` for comparison.
# Usage: src/bench/run-dist-bench.sh [SMALL_MB=100] [LARGE_MB=1000] [RUNS=5]   (SMALL_MB=0: start-up only)
# Exports are generated once into target/bench/ and reused. Timings depend on what else the
# machine runs: the load average is printed with them.
set -euo pipefail
cd "$(dirname "$0")/../.."

small_mb=${1:-100}
large_mb=${2:-1000}
runs=${3:-5}
work=target/bench
launcher=target/dist/bin/audio-export
mkdir -p "$work"
unset JAVA_OPTS AUDIOEXPORT_OPTS AUDIOEXPORT_CDS

# shellcheck source=src/bench/bench-setup.sh
source src/bench/bench-setup.sh
load() { cut -d' ' -f1-3 /proc/loadavg; }

peak_rss_mb() { # NAME SOURCE: a run by the launcher with no options; prints its peak RSS in MB
  rm -rf "$work/dist-$1.state" "$work/dist-$1.csv"
  AUDIOEXPORT_HOME="$work/dist-$1.state" /usr/bin/time -f '%e %M' -o "$work/dist-$1.time" \
    "$launcher" run --source "$2" --csv "$work/dist-$1.csv" > "$work/dist-$1.out" 2> "$work/dist-$1.err"
  rm -f "$work/dist-$1.csv"
  awk '{printf "%.0f", $2 / 1024}' "$work/dist-$1.time"
}

ms_of() { # NAME COMMAND...: runs it once, appends its wall time in ms to $work/dist-NAME.ms
  local name=$1 start; shift
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  echo $((($(date +%s%N) - start) / 1000000)) >> "$work/dist-$name.ms"
}
median() { sort -n "$work/dist-$1.ms" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }

if ((small_mb > 0)); then  # SMALL_MB=0: start-up only
  small=$(export_of "$small_mb")
  large=$(export_of "$large_mb")
  echo "== peak RSS, launcher without options (load $(load))"
  small_rss=$(peak_rss_mb small "$small")
  large_rss=$(peak_rss_mb large "$large")
  echo "$small_mb MB export: $small_rss MB in $(cut -d' ' -f1 "$work/dist-small.time") s;" \
    "$large_mb MB export: $large_rss MB in $(cut -d' ' -f1 "$work/dist-large.time") s;" \
    "ratio $(awk -v a="$large_rss" -v b="$small_rss" 'BEGIN {printf "%.2f", a / b}') (targets <= 1.20 and <= 512 MB)"
fi
echo "== start-up, medians of $runs, interleaved (load $(load))"
state="$work/dist-startup.state"
sample=target/dist/samples/seed-audio-export.ndjson
rm -rf "$state"
export AUDIOEXPORT_HOME=$state
"$launcher" run --source "$sample" --csv "$work/dist-sample.csv" > /dev/null  # a repository to show
rm -f "$work"/dist-*.ms
# Round after round, each command once, so that all of them meet the same load.
for ((round = 0; round < runs; round++)); do
  ms_of java java -version
  ms_of status "$launcher" status
  ms_of sample "$launcher" run --source "$sample" --csv "$work/dist-sample.csv"
  AUDIOEXPORT_CDS=off ms_of status-no-cds "$launcher" status
  AUDIOEXPORT_CDS=off ms_of sample-no-cds "$launcher" run --source "$sample" --csv "$work/dist-sample.csv"
  ms_of status-jar java -jar target/audio-export.jar status
  ms_of sample-jar java -jar target/audio-export.jar run --source "$sample" --csv "$work/dist-sample.csv"
done
java_ms=$(median java)
echo "java -version: $java_ms ms"
echo "launcher status: $(median status) ms = $(ratio "$(median status)" "$java_ms") x (target <= 6)"
echo "launcher run on the bundled sample: $(median sample) ms = $(ratio "$(median sample)" "$java_ms") x (target <= 10)"
echo "  without the CDS archive: status $(median status-no-cds) ms, sample run $(median sample-no-cds) ms"
echo "  java -jar target/audio-export.jar: status $(median status-jar) ms, sample run $(median sample-jar) ms"
echo "(load after: $(load))"
