package io.comet.bench;

import io.comet.bench.load.Clients;
import io.comet.bench.load.DrainLoad;
import io.comet.bench.load.DrainLoad.DrainStats;
import io.comet.bench.load.EndToEndLoad;
import io.comet.bench.load.EndToEndLoad.EndToEndStats;
import io.comet.bench.load.SendLoad;
import io.comet.bench.load.SendStats;
import io.comet.bench.measure.ProcStats;
import io.comet.bench.measure.RssSampler;
import io.comet.bench.node.ClusterSpec;
import io.comet.bench.node.NodeLauncher;
import io.comet.bench.node.PortBlock;
import io.comet.bench.node.Reaper;
import io.comet.bench.node.RunningCluster;
import io.comet.bench.node.SystemUnavailableException;
import io.comet.bench.report.Better;
import io.comet.bench.report.Results;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * One run of the figures against one system: a single-master cluster per flush mode (boot, send, and in the first
 * one drain, end-to-end; peak RSS and its anonymous / file-backed parts over both), then the master+slave sessions of {@link HaRun}. Each cluster is started,
 * measured and stopped before the next one starts. A system that cannot start is noted once and skipped; a figure
 * that fails is noted and the others go on.
 */
final class SystemRun {
    /** How often the broker's {@code RssAnon} / {@code RssFile} are sampled for their peaks. */
    private static final Duration RSS_SAMPLE_PERIOD = Duration.ofMillis(250);
    private final BenchOptions opts;
    private final NodeLauncher launcher;
    private final Results results;
    private final Reaper reaper;
    private final PortBlock ports;
    private final DiskLimits disk;
    private final String sys;

    SystemRun(BenchOptions opts, NodeLauncher launcher, Results results, Reaper reaper, PortBlock ports,
              DiskLimits disk) {
        this.opts = opts;
        this.launcher = launcher;
        this.results = results;
        this.reaper = reaper;
        this.ports = ports;
        this.disk = disk;
        this.sys = launcher.system();
    }

    /** Runs every requested figure once; {@code dir} is this run's private folder for the system. */
    void run(Path dir) throws InterruptedException {
        double peakRss = 0;
        double peakAnon = 0;
        double peakFile = 0;
        boolean first = true;
        for (String flush : sessions()) {
            ClusterSpec spec = ClusterSpec.single(flush, opts.queues, opts.heap, opts.bootTimeout);
            boolean firstSession = first;
            log("starting " + sys + " NameServer + broker, " + flush);
            try (RunningCluster cluster = RunningCluster.start(launcher, spec, dir.resolve(flush.toLowerCase()),
                    ports, reaper, ms -> {
                        if (firstSession && opts.wants("boot")) {
                            results.add("boot.namesrv_ms", "ms", Better.LOWER, sys, ms);
                        }
                    })) {
                if (first && opts.wants("boot")) {
                    results.add("boot.broker_ms", "ms", Better.LOWER, sys, cluster.masterBootMillis());
                }
                first = false;
                ProcStats master = new ProcStats(cluster.masterPid());
                try (RssSampler parts = RssSampler.start(master, RSS_SAMPLE_PERIOD)) {
                    measureSession(cluster, flush, firstSession);
                    if (opts.wants("rss")) {
                        peakRss = Math.max(peakRss, master.peakRssMiB());
                        parts.close();
                        peakAnon = Math.max(peakAnon, parts.peakAnonMiB());
                        peakFile = Math.max(peakFile, parts.peakFileMiB());
                    }
                }
            } catch (SystemUnavailableException e) {
                results.note(sys, flush + ": " + e.getMessage());
                log(e.getMessage());
                if (e.getMessage().contains("not available in this build")) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                fail("session " + flush, e);
            }
        }
        if (peakRss > 0) {
            results.add("broker.peak_rss_MiB", "MiB", Better.LOWER, sys, peakRss);
            results.add("broker.peak_rss_anon_MiB", "MiB", Better.LOWER, sys, peakAnon);
            results.add("broker.peak_rss_file_MiB", "MiB", Better.LOWER, sys, peakFile);
        }
        if (opts.wants("ha")) {
            new HaRun(opts, launcher, results, reaper, ports).run(dir.resolve("ha"));
        }
    }

    /** ASYNC_FLUSH first when drain, end-to-end, boot or RSS need a cluster, then the other send flush modes. */
    private List<String> sessions() {
        List<String> modes = new ArrayList<>();
        boolean needsAsync = opts.wants("drain") || opts.wants("e2e") || opts.wants("boot") || opts.wants("rss");
        if (needsAsync || (opts.wants("send") && opts.flushModes.contains("ASYNC_FLUSH"))) {
            modes.add("ASYNC_FLUSH");
        }
        if (opts.wants("send") && opts.flushModes.contains("SYNC_FLUSH")) {
            modes.add("SYNC_FLUSH");
        }
        return modes;
    }

    private void measureSession(RunningCluster cluster, String flush, boolean firstSession) throws Exception {
        ProcStats broker = new ProcStats(cluster.masterPid());
        DefaultMQProducer producer = Clients.producer(cluster.namesrvAddr(), opts.queues);
        try {
            if (opts.wants("send") && opts.flushModes.contains(flush)) {
                for (int size : opts.sizes) {
                    attempt("send " + flush + " " + size + " B", () -> send(producer, broker, flush, size));
                }
            }
            if (firstSession && opts.wants("drain")) {
                attempt("drain", () -> drain(cluster, producer, broker));
            }
            if (firstSession && opts.wants("e2e")) {
                attempt("end-to-end", () -> endToEnd(cluster, producer));
            }
        } finally {
            producer.shutdown();
        }
    }

    private void send(DefaultMQProducer producer, ProcStats broker, String flush, int size) throws Exception {
        String topic = Clients.unique("bench_send_" + size);
        log(sys + " send " + flush + " " + size + " B, " + opts.threads + " threads");
        Clients.createTopic(producer, topic, opts.queues, Duration.ofSeconds(60));
        double cpu0 = broker.cpuSeconds();
        SendStats s = new SendLoad(producer, topic, opts.threads, size).timed(opts.warmup, opts.sendWindow);
        double cpu = broker.cpuSeconds() - cpu0;
        String id = "send." + flush + "." + size + "B.";
        FigureSink.send(results, sys, id, s, cpu, disk, flush);
        if (s.failures() > 0) {
            results.note(sys, id + " " + s.failures() + " failed sends, first: " + s.firstFailure());
        }
        log(String.format("%s %s: %.0f msg/s, p99 %.2f ms, %d failures, %d queues", sys, id, s.messagesPerSecond(),
                s.latencies().percentileMillis(99), s.failures(), s.queuesUsed()));
    }

    private void drain(RunningCluster cluster, DefaultMQProducer producer, ProcStats broker) throws Exception {
        String topic = Clients.unique("bench_drain");
        log(sys + " filling a backlog of " + opts.backlog + " messages");
        int created = Clients.createTopic(producer, topic, opts.queues, Duration.ofSeconds(60));
        SendStats fill = new SendLoad(producer, topic, opts.threads, 1024)
                .count(opts.backlog, Duration.ofSeconds(60 + opts.backlog / 200));
        results.add("drain.backlog_fill_msgs_per_s", "msg/s", Better.HIGHER, sys, fill.messagesPerSecond());
        long backlog = fill.measured() + created;
        log(sys + " draining " + backlog + " messages with a push consumer");
        double cpu0 = broker.cpuSeconds();
        DrainStats d = DrainLoad.run(cluster.namesrvAddr(), topic, backlog, Duration.ofSeconds(60 + backlog / 1000));
        double cpu = broker.cpuSeconds() - cpu0;
        if (!d.complete()) {
            throw new IllegalStateException("drain incomplete: received " + d.received() + " of " + d.expected()
                    + " in " + String.format("%.1f", d.seconds()) + " s");
        }
        results.add("drain.msgs_per_s", "msg/s", Better.HIGHER, sys, d.messagesPerSecond());
        results.add("drain.flowing_msgs_per_s", "msg/s", Better.HIGHER, sys, d.flowingMessagesPerSecond());
        results.add("drain.cpu_s_per_M", "cpu-s/M", Better.LOWER, sys, cpu / d.received() * 1e6);
        log(String.format("%s drain: %.0f msg/s (%.0f msg/s from the first delivery)", sys, d.messagesPerSecond(),
                d.flowingMessagesPerSecond()));
    }

    private void endToEnd(RunningCluster cluster, DefaultMQProducer producer) throws Exception {
        String topic = Clients.unique("bench_e2e");
        log(sys + " end-to-end at " + opts.e2eRate + " msg/s for " + opts.e2eWindow.toSeconds() + " s");
        EndToEndStats e = EndToEndLoad.run(producer, cluster.namesrvAddr(), topic, opts.queues, opts.e2eRate,
                opts.warmup, opts.e2eWindow, 1024);
        results.add("e2e.p50_ms", "ms", Better.LOWER, sys, e.latencies().percentileMillis(50));
        results.add("e2e.p99_ms", "ms", Better.LOWER, sys, e.latencies().percentileMillis(99));
        results.add("e2e.p999_ms", "ms", Better.LOWER, sys, e.latencies().percentileMillis(99.9));
        results.add("e2e.lost", "msgs", Better.LOWER, sys, e.lost() + e.failedSends());
        log(String.format("%s e2e: p50 %.2f ms, p99 %.2f ms, %d sent, %d lost", sys,
                e.latencies().percentileMillis(50), e.latencies().percentileMillis(99), e.sent(), e.lost()));
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            fail(what, e);
        }
    }

    private void fail(String what, Exception e) {
        String text = what + " failed: " + e;
        results.note(sys, text);
        log(sys + ": " + text);
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }
}
