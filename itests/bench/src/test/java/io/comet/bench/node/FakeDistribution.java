package io.comet.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for {@code runtime/target/comet}: shell scripts that behave like Comet's {@code bin/mqnamesrv} (boot
 * line in {@code $ROCKETMQ_LOG_DIR/namesrv.log}, pid in {@code $COMET_RUN_DIR/namesrv.pid}, then running) and a
 * {@code bin/mqbroker} whose behaviour the test chooses.
 */
public final class FakeDistribution {
    public static final String BROKER_NOT_BUILT = """
            echo "mqbroker: The broker role is not available in this build of Comet (its bundles are not built yet): \
            no io.comet.broker bundle in $0/../feature/broker" >&2
            exit 1
            """;

    private FakeDistribution() {}

    public static Path create(Path dir, String brokerBody) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("mqnamesrv"), """
                mkdir -p "$ROCKETMQ_LOG_DIR" "$COMET_RUN_DIR"
                echo $$ > "$COMET_RUN_DIR/namesrv.pid"
                sleep 0.3
                echo "The Name Server boot success. serializeType=JSON" >> "$ROCKETMQ_LOG_DIR/namesrv.log"
                exec sleep 60
                """);
        script(bin.resolve("mqbroker"), brokerBody);
        return dir;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
