#!/usr/bin/env bash
# Benchmark of the distribution as a user runs it: target/dist/bin/audio-export with no options.
#   - peak RSS on a small and a large synthetic export (target: large <= 1.2 x small, <= 512 MB),
#   - `status` and the bundled sample run against a bare `java -version` (medians of N runs;
#     targets: status <= 6 x, sample run <= 10 x), and the same without the CDS archive and with
#     plain `java -jar target/audio-export.jar` for comparison.
# Usage: src/bench/run-dist-bench.sh [SMALL_MB=100] [LARGE_MB=1000] [RUNS=5]
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

median_ms() { # COMMAND...: the median wall time of $runs runs, in ms
  local i start
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    echo $((($(date +%s%N) - start) / 1000000))
  done | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }

small=$(export_of "$small_mb")
large=$(export_of "$large_mb")
echo "== peak RSS, launcher without options (load $(load))"
small_rss=$(peak_rss_mb small "$small")
large_rss=$(peak_rss_mb large "$large")
echo "$small_mb MB export: $small_rss MB in $(cut -d' ' -f1 "$work/dist-small.time") s;" \
  "$large_mb MB export: $large_rss MB in $(cut -d' ' -f1 "$work/dist-large.time") s;" \
  "ratio $(awk -v a="$large_rss" -v b="$small_rss" 'BEGIN {printf "%.2f", a / b}') (targets <= 1.20 and <= 512 MB)"

echo "== start-up, medians of $runs (load $(load))"
state="$work/dist-startup.state"
sample=target/dist/samples/seed-audio-export.ndjson
rm -rf "$state"
export AUDIOEXPORT_HOME=$state
"$launcher" run --source "$sample" --csv "$work/dist-sample.csv" > /dev/null  # a repository to show
java_ms=$(median_ms java -version)
status_ms=$(median_ms "$launcher" status)
sample_ms=$(median_ms "$launcher" run --source "$sample" --csv "$work/dist-sample.csv")
echo "java -version: $java_ms ms"
echo "launcher status: $status_ms ms = $(ratio "$status_ms" "$java_ms") x (target <= 6)"
echo "launcher run on the bundled sample: $sample_ms ms = $(ratio "$sample_ms" "$java_ms") x (target <= 10)"
echo "  without the CDS archive: status $(AUDIOEXPORT_CDS=off median_ms "$launcher" status) ms," \
  "sample run $(AUDIOEXPORT_CDS=off median_ms "$launcher" run --source "$sample" --csv "$work/dist-sample.csv") ms"
echo "  java -jar target/audio-export.jar: status $(median_ms java -jar target/audio-export.jar status) ms," \
  "sample run $(median_ms java -jar target/audio-export.jar run --source "$sample" --csv "$work/dist-sample.csv") ms"
echo "(load after: $(load))"
