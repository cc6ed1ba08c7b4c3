package dev.audioexport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU seconds spent by each party of a benchmark between two readings of /proc (Linux): this JVM
 * (the Labelbox stand-in serves from it), its child processes once they have ended (the command
 * line JVMs it ran and waited for), the PostgreSQL server (its live processes, plus the backends
 * that ended, which the postmaster has reaped), and the whole machine (everything not idle, the
 * other work on it included). Two cores give at most 2 CPU seconds a second: the sum of the
 * three parties over the wall time says how much of that a run used, and so what a second
 * thread could at most add.
 */
record CpuShares(double standIn, double job, double postgres, double machine) {

    private static final double TICK = 100.0;  // USER_HZ, 100 on Linux (getconf CLK_TCK)

    static CpuShares now() {
        long[] self = stat(Path.of("/proc/self/stat"));
        return new CpuShares((self[0] + self[1]) / TICK, (self[2] + self[3]) / TICK, postgresTicks() / TICK, machineTicks() / TICK);
    }

    /**
     * The CPU spent since {@code start}. A postgres process that ended and was not reaped yet between
     * the two readings takes its ticks with it (they come back with the postmaster's children later):
     * a party's figure is then a little low, never below zero.
     */
    CpuShares since(CpuShares start) {
        return new CpuShares(Math.max(0, standIn - start.standIn), Math.max(0, job - start.job),
                Math.max(0, postgres - start.postgres), Math.max(0, machine - start.machine));
    }

    double parties() {
        return standIn + job + postgres;
    }

    /** The machine's CPU seconds spent by anything else (other work on the machine). */
    double others() {
        return Math.max(0, machine - parties());
    }

    /** One line: each party's CPU seconds, their sum over the wall time (cores used), and the rest of the machine's. */
    String shown(double wallSeconds) {
        return String.format(Locale.ROOT, "CPU s: job %.1f, stand-in %.1f, PostgreSQL %.1f; sum %.1f = %.2f cores of 2 "
                + "over %.1f s wall (other processes %.1f)", job, standIn, postgres, parties(), parties() / wallSeconds,
                wallSeconds, others());
    }

    /** utime, stime, cutime, cstime (fields 14-17 of /proc/PID/stat; the name in field 2 may hold spaces). */
    private static long[] stat(Path file) {
        try {
            String text = Files.readString(file);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): field n is fields[n - 3]
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return new long[4];  // the process ended between listing and reading
        }
    }

    /** Every postgres process's own ticks, and the children the postmaster has reaped (ended backends). */
    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuShares::isPostgres)
                    .mapToLong(p -> {
                        long[] ticks = stat(p.resolve("stat"));
                        return ticks[0] + ticks[1] + ticks[2] + ticks[3];
                    }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    /** All CPUs' non-idle ticks (first line of /proc/stat: user nice system idle iowait irq softirq steal). */
    private static long machineTicks() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] cpu = lines.findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException e) {
            return 0;
        }
    }
}
