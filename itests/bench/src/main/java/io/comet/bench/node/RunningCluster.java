package io.comet.bench.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A NameServer, a master and optionally a slave of one system, all booted. Built by {@link #start}; closing it
 * stops the nodes (slave, master, NameServer) and leaves the folder to the {@link Reaper}.
 */
public final class RunningCluster implements AutoCloseable {
    private static final String BOOT_LINE = "boot success";
    private final List<NodeProcess> nodes;
    private final NodeProcess master;
    private final String namesrvAddr;
    private final long namesrvBootMillis;
    private final long masterBootMillis;

    private RunningCluster(List<NodeProcess> nodes, NodeProcess master, String namesrvAddr, long namesrvBootMillis,
                           long masterBootMillis) {
        this.nodes = nodes;
        this.master = master;
        this.namesrvAddr = namesrvAddr;
        this.namesrvBootMillis = namesrvBootMillis;
        this.masterBootMillis = masterBootMillis;
    }

    /**
     * Starts the NameServer, then the master, then (if the spec says so) the slave, one after the other, each
     * waited for until its "boot success" line. Every process is tracked by {@code reaper} as soon as it exists.
     *
     * @throws SystemUnavailableException if a node does not come up; the nodes already started are stopped
     */
    public static RunningCluster start(NodeLauncher launcher, ClusterSpec spec, Path dir, PortBlock ports,
                                       Reaper reaper) throws SystemUnavailableException {
        return start(launcher, spec, dir, ports, reaper, ms -> { });
    }

    /** As {@link #start(NodeLauncher, ClusterSpec, Path, PortBlock, Reaper)}; {@code namesrvBooted} hears the
     *  NameServer's boot time as soon as it is known, even if a broker then fails. */
    public static RunningCluster start(NodeLauncher launcher, ClusterSpec spec, Path dir, PortBlock ports,
                                       Reaper reaper, LongConsumer namesrvBooted)
            throws SystemUnavailableException {
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            int nsPort = ports.port();
            Path nsDir = dir.resolve("namesrv");
            NodeProcess ns = track(launcher.namesrv(nsDir, BrokerConf.namesrv(nsDir, nsPort), "256m"), nodes, reaper);
            long nsBoot = await(ns, launcher.bootLogs(nsDir), spec.bootTimeout(),
                    f -> launcher.system() + " NameServer failed to start: " + f.getMessage() + "\n" + f.outputTail());
            namesrvBooted.accept(nsBoot);
            String addr = "127.0.0.1:" + nsPort;

            Path mDir = dir.resolve("master");
            NodeProcess master = track(launcher.broker(mDir,
                    BrokerConf.broker(mDir, spec, 0, ports.brokerPort(), addr), addr, spec.heap()), nodes, reaper);
            long mBoot = await(master, launcher.bootLogs(mDir), spec.bootTimeout(), launcher::brokerFailure);

            if (spec.withSlave()) {
                Path sDir = dir.resolve("slave");
                NodeProcess slave = track(launcher.broker(sDir,
                        BrokerConf.broker(sDir, spec, 1, ports.brokerPort(), addr), addr, spec.heap()), nodes, reaper);
                await(slave, launcher.bootLogs(sDir), spec.bootTimeout(),
                        f -> launcher.system() + " slave broker failed to start: " + f.getMessage() + "\n"
                                + f.outputTail());
            }
            return new RunningCluster(nodes, master, addr, nsBoot, mBoot);
        } catch (SystemUnavailableException | RuntimeException e) {
            stop(nodes);
            throw e;
        }
    }

    private static NodeProcess track(NodeProcess p, List<NodeProcess> nodes, Reaper reaper) {
        nodes.add(p);
        reaper.track(p);
        return p;
    }

    private interface FailureText {
        String of(NodeFailedException f);
    }

    private static long await(NodeProcess p, List<Path> logs, Duration timeout, FailureText text)
            throws SystemUnavailableException {
        try {
            return p.awaitLine(BOOT_LINE, logs, timeout);
        } catch (NodeFailedException f) {
            throw new SystemUnavailableException(text.of(f));
        }
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    public long masterPid() {
        return master.pid();
    }

    public long namesrvBootMillis() {
        return namesrvBootMillis;
    }

    public long masterBootMillis() {
        return masterBootMillis;
    }

    @Override
    public void close() {
        stop(nodes);
    }

    private static void stop(List<NodeProcess> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
