package io.comet.itest.cluster;

import io.comet.itest.cluster.AdminToolRuns.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the AdminTool cluster test classes that run on a {@link ConsumeCluster} (NameServer + one broker
 * started from the distribution): each class starts its own cluster in its {@code @BeforeAll} with
 * {@link #startCluster}, and it is closed after the class. {@link #mqadmin} runs {@code bin/mqadmin} against it,
 * {@link #apache} Apache's 5.3.1 tool.
 */
abstract class AdminToolCase {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;

    static void startCluster(String brokerName) throws Exception {
        cluster = new ConsumeCluster(work, brokerName, Map.of());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    static Run mqadmin(String... args) {
        return AdminToolRuns.mqadmin(work, cluster.nsAddr, args);
    }

    static String apache(String... args) {
        return AdminToolRuns.apache(cluster.nsAddr, args);
    }
}
