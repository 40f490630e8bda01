package io.comet.bench;

import io.comet.bench.load.Clients;
import io.comet.bench.load.SendLoad;
import io.comet.bench.load.SendStats;
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
import java.util.OptionalDouble;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * The replication figures (issue 7: "SYNC_MASTER throughput >= 0.9x Comet's own ASYNC_MASTER"): a master
 * (ASYNC_FLUSH) plus one SLAVE, once with {@code brokerRole=ASYNC_MASTER} and once with {@code SYNC_MASTER}, 1 KiB
 * sync sends from the configured threads, for both systems (Comet's HA bundle is in its distribution). A system
 * whose master or slave does not start gets a note instead of a figure.
 */
final class HaRun {
    private static final String[] ROLES = {"ASYNC_MASTER", "SYNC_MASTER"};
    private final BenchOptions opts;
    private final NodeLauncher launcher;
    private final Results results;
    private final Reaper reaper;
    private final PortBlock ports;

    HaRun(BenchOptions opts, NodeLauncher launcher, Results results, Reaper reaper, PortBlock ports) {
        this.opts = opts;
        this.launcher = launcher;
        this.results = results;
        this.reaper = reaper;
        this.ports = ports;
    }

    void run(Path dir) throws InterruptedException {
        String sys = launcher.system();
        double[] rate = new double[ROLES.length];
        for (int i = 0; i < ROLES.length; i++) {
            String role = ROLES[i];
            SystemRun.log("starting " + sys + " master (" + role + ") + slave");
            ClusterSpec spec = ClusterSpec.replicated(role, opts.queues, opts.heap, opts.bootTimeout);
            try (RunningCluster c = RunningCluster.start(launcher, spec, dir.resolve(role.toLowerCase()), ports,
                    reaper)) {
                DefaultMQProducer producer = Clients.producer(c.namesrvAddr(), opts.queues);
                try {
                    String topic = Clients.unique("bench_ha");
                    Clients.createTopic(producer, topic, opts.queues, Duration.ofSeconds(60));
                    SendStats s = new SendLoad(producer, topic, opts.threads, 1024)
                            .timed(opts.warmup, opts.haWindow);
                    rate[i] = s.messagesPerSecond();
                    String id = "ha." + role + ".1024B.";
                    results.add(id + "msgs_per_s", "msg/s", Better.HIGHER, sys, rate[i]);
                    results.add(id + "p99_ms", "ms", Better.LOWER, sys, s.latencies().percentileMillis(99));
                    results.add(id + "failures", "msgs", Better.LOWER, sys, s.failures());
                    if (s.failures() > 0) {
                        results.note(sys, id + " " + s.failures() + " failed sends, first: " + s.firstFailure());
                    }
                    SystemRun.log(String.format("%s %s: %.0f msg/s", sys, id, rate[i]));
                } finally {
                    producer.shutdown();
                }
            } catch (SystemUnavailableException e) {
                results.note(sys, "HA " + role + ": " + firstLine(e.getMessage()));
                SystemRun.log(e.getMessage());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                results.note(sys, "HA " + role + " failed: " + e);
                return;
            }
        }
        OptionalDouble ratio = rate[0] > 0 ? OptionalDouble.of(rate[1] / rate[0]) : OptionalDouble.empty();
        ratio.ifPresent(v -> results.add("ha.sync_over_async_master", "ratio", Better.HIGHER, sys, v));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
