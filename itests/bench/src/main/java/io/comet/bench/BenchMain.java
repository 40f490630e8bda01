package io.comet.bench;

import io.comet.bench.measure.DiskProbe;
import io.comet.bench.node.ApacheLauncher;
import io.comet.bench.node.CometLauncher;
import io.comet.bench.node.NodeLauncher;
import io.comet.bench.node.PortBlock;
import io.comet.bench.node.Reaper;
import io.comet.bench.node.SystemUnavailableException;
import io.comet.bench.report.Better;
import io.comet.bench.report.Figure;
import io.comet.bench.report.ReportWriter;
import io.comet.bench.report.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's entry point: parses the flags ({@link BenchOptions}), then for each run measures the disk and
 * each requested system one after the other (alternating which goes first, so neither always gets the cooler page
 * cache), and prints the table and writes the JSON of {@link ReportWriter}. Every process and the run's temp
 * folder are cleaned up by a {@link Reaper}, also on Ctrl-C.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchOptions opts;
        try {
            opts = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (opts.help) {
            System.out.print(BenchOptions.HELP);
            return;
        }
        Path runDir = Files.createTempDirectory(Files.createDirectories(opts.workDir), "comet-bench-");
        System.setProperty("rocketmq.client.logRoot", runDir.resolve("client-logs").toString());
        Reaper reaper = new Reaper().installShutdownHook();
        if (!opts.keepData) {
            reaper.track(runDir);
        }
        String started = java.time.Instant.now().toString();
        long startNanos = System.nanoTime();
        try {
            Results results = run(opts, runDir, reaper);
            System.out.println();
            System.out.print(ReportWriter.table(results));
            Map<String, Object> settings = opts.asMap();
            settings.put("started", started);
            settings.put("cometDist", opts.cometDist.toAbsolutePath().normalize().toString());
            settings.put("apacheArtifacts", apacheArtifacts(opts));
            ReportWriter.json(results, settings, opts.out);
            System.out.printf("%nJSON: %s%ntotal time: %.0f s%n", opts.out.toAbsolutePath(),
                    (System.nanoTime() - startNanos) / 1e9);
        } finally {
            reaper.cleanUp();
            if (opts.keepData) {
                System.out.println("data kept in " + runDir);
            }
        }
    }

    static Results run(BenchOptions opts, Path runDir, Reaper reaper) throws Exception {
        Results results = new Results();
        PortBlock ports = new PortBlock();
        List<NodeLauncher> launchers = new ArrayList<>();
        for (String system : opts.systems) {
            try {
                launchers.add(launcher(system, opts));
            } catch (SystemUnavailableException e) {
                results.note(system, e.getMessage());
                SystemRun.log(e.getMessage());
            }
        }
        for (int run = 1; run <= opts.runs; run++) {
            SystemRun.log("run " + run + " of " + opts.runs);
            Path dir = runDir.resolve("run-" + run);
            DiskLimits disk = opts.wants("disk") ? measureDisk(opts, Files.createDirectories(dir), results)
                    : DiskLimits.UNKNOWN;
            List<NodeLauncher> order = new ArrayList<>(launchers);
            if (run % 2 == 0) {
                Collections.reverse(order);
            }
            for (NodeLauncher l : order) {
                new SystemRun(opts, l, results, reaper, ports, disk).run(dir.resolve(l.system()));
            }
        }
        return results;
    }

    private static List<String> apacheArtifacts(BenchOptions opts) {
        try {
            return ApacheLauncher.fromClasspathFiles(opts.apacheNamesrvClasspath, opts.apacheBrokerClasspath)
                    .artifacts();
        } catch (SystemUnavailableException e) {
            return List.of();
        }
    }

    private static NodeLauncher launcher(String system, BenchOptions opts) throws SystemUnavailableException {
        return switch (system) {
            case "comet" -> new CometLauncher(opts.cometDist).checked();
            case "apache" -> ApacheLauncher.fromClasspathFiles(opts.apacheNamesrvClasspath,
                    opts.apacheBrokerClasspath);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    private static DiskLimits measureDisk(BenchOptions opts, Path dir, Results results) throws Exception {
        DiskProbe probe = new DiskProbe(dir);
        SystemRun.log("disk: sequential write + fdatasync of " + opts.diskMib + " MiB, 4 KiB O_DSYNC writes for "
                + opts.dsyncWindow.toSeconds() + " s");
        double seq = probe.sequentialWriteMBps(opts.diskMib);
        double dsync = probe.dsyncWritesPerSecond(opts.dsyncWindow.toMillis());
        results.add("disk.seq_write_fdatasync_MB_per_s", "MB/s", Better.HIGHER, Figure.MACHINE, seq);
        results.add("disk.dsync_4KiB_writes_per_s", "writes/s", Better.HIGHER, Figure.MACHINE, dsync);
        SystemRun.log(String.format("disk: %.0f MB/s sequential + fdatasync, %.0f dsync 4 KiB writes/s", seq, dsync));
        return new DiskLimits(seq, dsync);
    }
}
