#!/usr/bin/env bash
# Runs a benchmark command in a scheduling group of its own at nice -10, for figures near an idle
# machine's on one shared with other sessions: the kernel shares the CPU between sessions'
# autogroups (sched_autogroup), so nice alone does nothing against another session's build.
# Other work still takes some CPU: say so with the figures (load average, CPU seconds).
# Usage: flock /tmp/audio-export-bench.lock src/bench/own-share.sh src/bench/run-restart-bench.sh 1000 3
exec setsid -w bash -c 'echo -10 > /proc/self/autogroup; exec "$@"' own-share "$@"
