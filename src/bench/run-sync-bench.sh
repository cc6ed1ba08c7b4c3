#!/usr/bin/env bash
# Sync benchmark (issue 12): PROJECTS projects of SIZE_MB each served by the Labelbox stand-in on
# loopback, synced into PostgreSQL by the distribution's launcher (target/dist/bin/audio-export):
# a full sync with --threads 1 against --threads 2 (target >= 1.6 x faster), a sync with nothing
# changed (the fixed cost of any sync), then an incremental sync after 1 % of each project's rows
# changed (target <= 5 % of the full sync's time). Each sync prints the CPU seconds of the job, the
# stand-in and the PostgreSQL server (/proc), their sum over the wall time and the rest of the
# machine's; the speed-up's CPU-bound ceiling on 2 cores follows. Run it under
# flock /tmp/audio-export-bench.lock and note `uptime`'s load average. See SyncBench.
# Usage: src/bench/run-sync-bench.sh [SIZE_MB=100] [PROJECTS=4] [PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/bench
mkdir -p "$work"
if [[ ! -x target/dist/bin/audio-export || ! -f target/test-classes/dev/audioexport/bench/SyncBench.class ]]; then
  mvn -B -q package -DskipTests
fi
if [[ ! -f "$work/classpath" ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
fi
java -cp "target/test-classes:target/classes:$(cat "$work/classpath")" dev.audioexport.bench.SyncBench "$@"
