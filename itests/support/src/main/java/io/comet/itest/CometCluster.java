package io.comet.itest;

import io.comet.common.BrokerData;
import io.comet.common.ClusterInfo;
import io.comet.common.Json;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A NameServer and brokers started from the distribution as separate processes, each broker from a properties
 * file of a shipped layout ({@code conf/2m-2s-sync/}, ...) or given by the test, rewritten by
 * {@link BrokerFile#forTest} (free ports on 127.0.0.1, a store under the test's folder, the NameServer).
 * {@link #start} starts the masters ({@code brokerId=0}) first, then the others, and returns once every broker
 * has logged its boot line and the NameServer lists it under its {@code brokerName} with its {@code brokerId}.
 * Brokers are named by their file's name ({@code broker-a-s}).
 * {@link #close()} stops everything it started, also when a start fails midway.
 */
public final class CometCluster implements AutoCloseable {
    /** How long a node gets to boot or register. */
    public static final Duration BOOT = Duration.ofSeconds(60);

    private final Path work;
    private final Map<String, Broker> brokers = new LinkedHashMap<>();
    private final RemotingClient client = Remoting.newClient(ClientSettings.defaults());
    private CometNode namesrv;
    private String namesrvAddr;

    /** One broker: its file, the address and HA port it runs on, the config it runs with and its process. */
    private static final class Broker {
        final BrokerFile file;
        final String address;
        final int haPort;
        final Path config;
        CometNode node;

        Broker(BrokerFile file, String address, int haPort, Path config) {
            this.file = file;
            this.address = address;
            this.haPort = haPort;
            this.config = config;
        }
    }

    private CometCluster(Path work) {
        this.work = work;
    }

    /** Every broker of the shipped {@code conf/<layout>/}, each with {@code overrides} applied. */
    public static CometCluster start(Path work, String layout, Map<String, String> overrides) {
        return start(work, BrokerFile.layout(CometNode.distribution().resolve("conf"), layout), overrides);
    }

    /**
     * A NameServer and {@code files}, each with {@code overrides} applied: the masters together, then the others
     * together.
     */
    public static CometCluster start(Path work, List<BrokerFile> files, Map<String, String> overrides) {
        CometCluster cluster = new CometCluster(work);
        try {
            cluster.startNamesrv();
            for (BrokerFile f : files) {
                cluster.add(f, overrides);
            }
            // masters first: a slave learns its master's HA address when it registers, and registers again
            // only every 30 s
            cluster.launchAndAwait(b -> b.file.brokerId() == 0);
            cluster.launchAndAwait(b -> b.file.brokerId() != 0);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNamesrv() {
        int port = FreePorts.next();
        Path conf = CometNode.writeConfig(work, "namesrv.properties", Map.of("listenPort", String.valueOf(port),
                "bindAddress", "127.0.0.1", "kvConfigPath", work.resolve("kv/kvConfig.json").toString()));
        namesrvAddr = "127.0.0.1:" + port;
        namesrv = CometNode.startNamesrv(work.resolve("ns"), conf, BOOT);
    }

    private void add(BrokerFile f, Map<String, String> overrides) {
        if (brokers.containsKey(f.name())) {
            throw new IllegalArgumentException("two brokers named " + f.name());
        }
        int port = FreePorts.next();
        int haPort = FreePorts.next();
        Map<String, String> props = f.forTest(port, haPort, namesrvAddr, work.resolve("store-" + f.name()),
                overrides);
        Path config = CometNode.writeConfig(work, f.name() + ".properties", props);
        brokers.put(f.name(), new Broker(f, "127.0.0.1:" + port, haPort, config));
    }

    /** Starts the brokers {@code which} selects together, then waits for each one's boot and registration. */
    private void launchAndAwait(Predicate<Broker> which) {
        List<Broker> group = brokers.values().stream().filter(which).toList();
        group.forEach(this::launch);
        group.forEach(this::awaitBoot);
        awaitRegistered(group.stream().map(b -> b.file.name()).toList());
    }

    private void launch(Broker b) {
        // a fresh folder per run keeps each run's logs apart, so the boot line awaited is this run's
        b.node = CometNode.start(b.file.name(), "mqbroker", work.resolve(b.file.name() + "-" + System.nanoTime()),
                List.of("-c", b.config.toString()));
    }

    private void awaitBoot(Broker b) {
        b.node.awaitLog("broker.log", "The broker[" + b.file.brokerName() + ", " + b.address + "] boot success",
                BOOT);
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** The broker files started, in start order. */
    public Set<String> names() {
        return brokers.keySet();
    }

    /** {@code 127.0.0.1:<listenPort>} of broker file {@code name}. */
    public String address(String name) {
        return broker(name).address;
    }

    /** {@code 127.0.0.1:<haListenPort>} of broker file {@code name}. */
    public String haAddress(String name) {
        return "127.0.0.1:" + broker(name).haPort;
    }

    /** The properties file broker {@code name} runs with; edit it to change the broker's config live. */
    public Path config(String name) {
        return broker(name).config;
    }

    public BrokerFile file(String name) {
        return broker(name).file;
    }

    /** The broker's current process (logs, output). */
    public CometNode node(String name) {
        return broker(name).node;
    }

    public CometNode namesrv() {
        return namesrv;
    }

    /** {@code kill -9}: SIGKILL, waits (bounded) for the process to end. */
    public void kill(String name) {
        broker(name).node.kill();
    }

    /** SIGTERM, bounded, then SIGKILL. */
    public void stop(String name) {
        broker(name).node.close();
    }

    /** Starts a stopped or killed broker again on the same config, store and ports; waits for boot and registration. */
    public void restart(String name) {
        Broker b = broker(name);
        if (b.node.process().isAlive()) {
            throw new IllegalStateException("broker " + name + " is still running; kill or stop it first");
        }
        launch(b);
        awaitBoot(b);
        awaitRegistered(List.of(name));
    }

    /** The NameServer's view: brokerName to (brokerId to address). */
    public Map<String, Map<Long, String>> registrations() {
        try {
            RemotingCommand resp = client.invokeSync(namesrvAddr,
                    RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 5000);
            if (resp.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException("GET_BROKER_CLUSTER_INFO answered " + resp.code() + ": "
                        + resp.remark());
            }
            Map<String, Map<Long, String>> out = new LinkedHashMap<>();
            for (BrokerData d : Json.fromBytes(resp.body(), ClusterInfo.class).brokerAddrTable().values()) {
                out.put(d.brokerName(), d.brokerAddrs());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the cluster info from " + namesrvAddr + ": " + e, e);
        }
    }

    /** Waits (bounded by {@link #BOOT}) until the NameServer lists each named broker with its id and address. */
    public void awaitRegistered(Collection<String> names) {
        List<BrokerFile> files = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String n : names) {
            files.add(broker(n).file);
            addresses.put(n, broker(n).address);
        }
        long deadline = System.nanoTime() + BOOT.toNanos();
        List<String> missing = List.of("(not asked yet)");
        while (System.nanoTime() < deadline) {
            try {
                missing = missing(files, addresses, registrations());
            } catch (IllegalStateException e) {
                missing = List.of(e.getMessage());
            }
            if (missing.isEmpty()) {
                return;
            }
            CometNode.sleep(100);
        }
        throw new AssertionError("the NameServer did not list within " + BOOT + ": " + missing);
    }

    /** What {@code registered} lacks of {@code files} at {@code addresses} (by file name); empty when complete. */
    static List<String> missing(List<BrokerFile> files, Map<String, String> addresses,
                                Map<String, Map<Long, String>> registered) {
        List<String> missing = new ArrayList<>();
        for (BrokerFile f : files) {
            Map<Long, String> ids = registered.getOrDefault(f.brokerName(), Map.of());
            String addr = addresses.get(f.name());
            if (!addr.equals(ids.get(f.brokerId()))) {
                missing.add(f.name() + " as " + f.brokerName() + "/" + f.brokerId() + " at " + addr + " (listed: "
                        + ids + ")");
            }
        }
        return missing;
    }

    private Broker broker(String name) {
        Broker b = brokers.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no broker file " + name + " in this cluster; brokers: "
                    + brokers.keySet());
        }
        return b;
    }

    /** Stops every broker (in reverse start order), then the NameServer; keeps going past failures. */
    @Override
    public void close() {
        List<Broker> started = new ArrayList<>(brokers.values());
        Collections.reverse(started);
        for (Broker b : started) {
            if (b.node != null) {
                b.node.process().destroy(); // SIGTERM to all first: they stop in parallel
            }
        }
        RuntimeException first = null;
        for (Broker b : started) {
            try {
                if (b.node != null) {
                    b.node.close();
                }
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            if (namesrv != null) {
                namesrv.close();
            }
        } finally {
            client.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
