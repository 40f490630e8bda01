package io.comet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harness's flags, parsed from {@code --name value} pairs. Every flag has a default that makes a full run of
 * both systems take about ten minutes; bad input is refused naming the flag, the value and what is valid.
 */
public final class BenchOptions {
    static final Set<String> ALL_FIGURES = Set.of("disk", "boot", "send", "drain", "e2e", "rss", "ha");
    static final String COMMAND = "mvn -B -Pbench -pl itests/bench -am verify -Dbench.args=\"<flags>\"";

    List<String> systems = List.of("comet", "apache");
    int runs = 1;
    List<String> figures = List.of("disk", "boot", "send", "drain", "e2e", "rss", "ha");
    List<Integer> sizes = List.of(128, 1024, 16384);
    List<String> flushModes = List.of("ASYNC_FLUSH", "SYNC_FLUSH");
    int threads = 16;
    Duration warmup = Duration.ofSeconds(5);
    Duration sendWindow = Duration.ofSeconds(10);
    long backlog = 200_000;
    int e2eRate = 2_000;
    Duration e2eWindow = Duration.ofSeconds(15);
    Duration haWindow = Duration.ofSeconds(10);
    int queues = 8;
    String heap = "1g";
    int diskMib = 512;
    Duration dsyncWindow = Duration.ofSeconds(3);
    Duration bootTimeout = Duration.ofSeconds(60);
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
    Path out = Path.of("bench-results.json");
    boolean keepData;
    boolean help;
    Path cometDist = Path.of("runtime/target/comet");
    Path apacheNamesrvClasspath = Path.of("itests/bench/apache-namesrv/target/classpath.txt");
    Path apacheBrokerClasspath = Path.of("itests/bench/apache-broker/target/classpath.txt");

    static final String HELP = """
            Comet vs Apache RocketMQ 5.3.1, side by side on 127.0.0.1 (issue 7).

            Run:  %s
            e.g.  -Dbench.args="--only apache --runs 3"    (the distribution must be built: mvn -pl runtime -am package)

            Flags (defaults in brackets):
              --only comet|apache|both     systems to measure [both]
              --runs N                     runs per system; figures are medians [1]
              --figures a,b,...            of disk,boot,send,drain,e2e,rss,ha [all]
              --sizes 128,1024,16384       send body sizes in bytes [128,1024,16384]
              --flush ASYNC_FLUSH,SYNC_FLUSH  flush modes of the send figures [both]
              --threads N                  sync-send threads [16]
              --warmup-seconds S           unmeasured sending before each send window [5]
              --send-seconds S             measured send window per size and flush mode [10]
              --backlog N                  messages the push consumer drains [200000]
              --e2e-rate N                 end-to-end messages per second [2000]
              --e2e-seconds S              end-to-end window [15]
              --ha-seconds S               send window of master+slave SYNC_MASTER / ASYNC_MASTER [10]
              --queues N                   queues of the benchmark topics [8]
              --heap SIZE                  broker -Xms = -Xmx for both systems [1g]
              --disk-mib N                 size of the sequential write + fdatasync probe [512]
              --dsync-seconds S            length of the 4 KiB O_DSYNC write probe [3]
              --boot-timeout-seconds S     how long a node may take to print "boot success" [60]
              --work-dir DIR               parent of the run's temp folder [java.io.tmpdir]
              --out FILE                   JSON results [bench-results.json]
              --keep-data                  keep the temp folder (logs, stores) instead of deleting it
              --comet-dist DIR, --apache-namesrv-classpath FILE, --apache-broker-classpath FILE
                                           set by the pom; override to run outside Maven
              --help                       this text
            A default run of both systems takes about 10 minutes (--runs 3: about 30).
            """.formatted(COMMAND);

    /** Parses {@code args}; throws {@link IllegalArgumentException} naming the bad flag or value. */
    static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.isBlank()) {
                continue;
            }
            switch (flag) {
                case "--help", "-h" -> o.help = true;
                case "--keep-data" -> o.keepData = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("flag " + flag + " needs a value (see --help)");
                    }
                    o.set(flag, args[++i]);
                }
            }
        }
        return o;
    }

    private void set(String flag, String v) {
        switch (flag) {
            case "--only" -> systems = switch (v) {
                case "comet" -> List.of("comet");
                case "apache" -> List.of("apache");
                case "both" -> List.of("comet", "apache");
                default -> throw bad(flag, v, "comet, apache or both");
            };
            case "--runs" -> runs = positive(flag, v);
            case "--figures" -> figures = subset(flag, v, ALL_FIGURES);
            case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(s -> positive(flag, s.trim())).toList();
            case "--flush" -> flushModes = subset(flag, v, Set.of("ASYNC_FLUSH", "SYNC_FLUSH"));
            case "--threads" -> threads = positive(flag, v);
            case "--warmup-seconds" -> warmup = Duration.ofSeconds(nonNegative(flag, v));
            case "--send-seconds" -> sendWindow = Duration.ofSeconds(positive(flag, v));
            case "--backlog" -> backlog = positive(flag, v);
            case "--e2e-rate" -> e2eRate = positive(flag, v);
            case "--e2e-seconds" -> e2eWindow = Duration.ofSeconds(positive(flag, v));
            case "--ha-seconds" -> haWindow = Duration.ofSeconds(positive(flag, v));
            case "--queues" -> queues = positive(flag, v);
            case "--heap" -> {
                if (!v.matches("\\d+[mMgG]")) {
                    throw bad(flag, v, "a size like 512m or 1g");
                }
                heap = v;
            }
            case "--disk-mib" -> diskMib = positive(flag, v);
            case "--dsync-seconds" -> dsyncWindow = Duration.ofSeconds(positive(flag, v));
            case "--boot-timeout-seconds" -> bootTimeout = Duration.ofSeconds(positive(flag, v));
            case "--work-dir" -> workDir = Path.of(v);
            case "--out" -> out = Path.of(v);
            case "--comet-dist" -> cometDist = Path.of(v);
            case "--apache-namesrv-classpath" -> apacheNamesrvClasspath = Path.of(v);
            case "--apache-broker-classpath" -> apacheBrokerClasspath = Path.of(v);
            default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
        }
    }

    boolean wants(String figure) {
        return figures.contains(figure);
    }

    /** The settings as they go into the JSON file. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("systems", systems);
        m.put("runs", runs);
        m.put("figures", figures);
        m.put("sizes", sizes);
        m.put("flushModes", flushModes);
        m.put("threads", threads);
        m.put("warmupSeconds", warmup.toSeconds());
        m.put("sendSeconds", sendWindow.toSeconds());
        m.put("backlog", backlog);
        m.put("e2eRate", e2eRate);
        m.put("e2eSeconds", e2eWindow.toSeconds());
        m.put("haSeconds", haWindow.toSeconds());
        m.put("queues", queues);
        m.put("heap", heap);
        m.put("diskMib", diskMib);
        m.put("dsyncSeconds", dsyncWindow.toSeconds());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    private static int positive(String flag, String v) {
        int n = integer(flag, v);
        if (n <= 0) {
            throw bad(flag, v, "a whole number > 0");
        }
        return n;
    }

    private static int nonNegative(String flag, String v) {
        int n = integer(flag, v);
        if (n < 0) {
            throw bad(flag, v, "a whole number >= 0");
        }
        return n;
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(flag, v, "a whole number");
        }
    }

    private static List<String> subset(String flag, String v, Set<String> valid) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String item = s.trim();
            if (!valid.contains(item)) {
                throw bad(flag, item, "one or more of " + valid.stream().sorted().toList());
            }
            out.add(item);
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException bad(String flag, String value, String valid) {
        return new IllegalArgumentException(flag + ": '" + value + "' is not valid; expected " + valid);
    }
}
