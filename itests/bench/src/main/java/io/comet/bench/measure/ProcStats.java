package io.comet.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures the Linux kernel keeps for a process: peak resident set ({@code VmHWM} in {@code /proc/<pid>/status}),
 * the current parts of the resident set ({@code RssAnon}, {@code RssFile}) and CPU time spent in user and kernel mode ({@code utime + stime}, fields 14 and 15 of {@code /proc/<pid>/stat},
 * in clock ticks of {@link #TICKS_PER_SECOND}).
 */
public final class ProcStats {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux build this harness targets. */
    public static final int TICKS_PER_SECOND = 100;

    private final Path procDir;

    public ProcStats(long pid) {
        this(Path.of("/proc", Long.toString(pid)));
    }

    /** For tests: reads {@code status} and {@code stat} from {@code procDir}. */
    public ProcStats(Path procDir) {
        this.procDir = procDir;
    }

    /** Peak resident set size in MiB. */
    public double peakRssMiB() throws IOException {
        return statusKiB("VmHWM") / 1024.0;
    }

    /**
     * A {@code kB} field of {@code /proc/<pid>/status}, e.g. {@code VmHWM}, {@code RssAnon} (heap, stacks, native
     * memory), {@code RssFile} (pages of mapped files: jars, commit log, consume queues, index).
     */
    public long statusKiB(String field) throws IOException {
        String prefix = field + ":";
        for (String line : Files.readAllLines(procDir.resolve("status"))) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IOException("unexpected " + field + " line in " + procDir + "/status: " + line);
                }
                return Long.parseLong(parts[0]);
            }
        }
        throw new IOException("no " + field + " line in " + procDir + "/status");
    }

    /** User plus system CPU seconds used so far. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(procDir.resolve("stat")).trim();
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("unexpected " + procDir + "/stat: " + stat);
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state); utime is field 14, stime field 15
        long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
        return ticks / (double) TICKS_PER_SECOND;
    }
}
