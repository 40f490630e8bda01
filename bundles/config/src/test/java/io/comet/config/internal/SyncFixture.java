package io.comet.config.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A synchroniser over an in-memory ConfigAdmin and a real file, with the helpers the tests share. */
final class SyncFixture implements AutoCloseable {
    final Path file;
    final InMemoryConfigurationAdmin admin = new InMemoryConfigurationAdmin();
    final AtomicReference<KeyCatalog> catalog;
    final ConfigSynchronizer sync;

    SyncFixture(Path dir, String text, KeyCatalog catalog, String namesrvOverride) throws IOException {
        this.file = text == null ? dir.resolve("missing.conf") : dir.resolve("broker.conf");
        if (text != null) {
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        }
        this.catalog = new AtomicReference<>(catalog);
        this.sync = new ConfigSynchronizer(file, namesrvOverride, "broker", new ConfigAdminBridge(admin),
                this.catalog::get, Clock.systemUTC());
        admin.addSyncListener(sync::adminChanged);
    }

    /** Waits until every task queued on the synchroniser so far has run. */
    void drain() throws Exception {
        sync.executor().submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    String text() throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** Appends lines to the file in one write, as {@code echo key=value >> broker.conf} does. */
    void append(String lines) throws IOException {
        Files.writeString(file, lines, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
    }

    /** Replaces the file's content in place (truncate and write), as many editors save. */
    void overwrite(String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.ISO_8859_1, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    String fileValue(String key) throws IOException {
        return PropertiesText.parse(text()).values().get(key);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> details)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what + " " + details.get());
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        sync.close();
    }
}
