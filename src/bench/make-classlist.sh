#!/usr/bin/env bash
# Writes src/dist/lib/audio-export.classlist, the classes the distribution's commands load (a CSV,
# an all-tables and a PostgreSQL run of the sample, a run killed and restarted, status, a full and
# a nothing-changed sync from the Labelbox stand-in), for the class-data-sharing archive the
# launcher makes at first use (see ClassListTraining). Run it again when the code a command runs
# changes much; a class it misses just loads from the jar.
# Usage: src/bench/make-classlist.sh [PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/bench
mkdir -p "$work"
# shellcheck source=src/bench/bench-setup.sh
source src/bench/bench-setup.sh
java -cp "$cp" dev.audioexport.bench.ClassListTraining src/dist/lib/audio-export.classlist "$@"
