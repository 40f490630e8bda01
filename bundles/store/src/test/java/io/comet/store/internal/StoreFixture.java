package io.comet.store.internal;

import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.PutResult;
import io.comet.store.StoreSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small-file settings, a fake clock and disk probe, and message helpers for store tests. */
final class StoreFixture {
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    final Path dir;
    final MutableClock clock = new MutableClock(T0);
    volatile double diskUsage = 0.10;

    StoreFixture(Path dir) {
        this.dir = dir;
    }

    StoreSettings.Builder settings() {
        return StoreSettings.builder().storePathRootDir(dir).mappedFileSizeCommitLog(8192)
                .mappedFileSizeConsumeQueue(20 * 50).maxHashSlotNum(64).maxIndexNum(200).flushIntervalConsumeQueue(50)
                .cleanResourceInterval(3_600_000).deleteWhen("04");
    }

    DefaultMessageStore open() {
        return open(settings().build());
    }

    DefaultMessageStore open(StoreSettings s) {
        DefaultMessageStore st = new DefaultMessageStore(s, clock, d -> diskUsage);
        st.useFlushPolicy(new TestPolicies.Immediate(), StoreSettings.ASYNC_FLUSH);
        return st;
    }

    static MessageRecord message(String topic, int queueId, String body, String tags, String keys, String uniq) {
        Map<String, String> p = new LinkedHashMap<>();
        if (tags != null) {
            p.put(MessageProperties.TAGS, tags);
        }
        if (keys != null) {
            p.put(MessageProperties.KEYS, keys);
        }
        if (uniq != null) {
            p.put(MessageProperties.UNIQ_KEY, uniq);
        }
        return new MessageRecord(topic, queueId, 0, body.getBytes(StandardCharsets.UTF_8), MessageProperties.encode(p), 0,
                T0, new InetSocketAddress("127.0.0.1", 5555), STORE_HOST, 0, 0);
    }

    static MessageRecord message(String topic, int queueId, String body) {
        return message(topic, queueId, body, null, null, null);
    }

    static PutResult put(DefaultMessageStore st, MessageRecord m) {
        try {
            return st.putMessage(m).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("append did not complete", e);
        }
    }

    static void awaitDispatched(DefaultMessageStore st) {
        try {
            if (!st.awaitDispatched(10_000)) {
                throw new AssertionError("dispatch did not catch up");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
