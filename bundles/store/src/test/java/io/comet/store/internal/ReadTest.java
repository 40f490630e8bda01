package io.comet.store.internal;

import static io.comet.store.internal.StoreFixture.message;
import static io.comet.store.internal.StoreFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.common.StoredMessage;
import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.PutResult;
import io.comet.store.QueryResult;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReadTest {
    @TempDir
    Path dir;
    StoreFixture fx;
    DefaultMessageStore st;

    @BeforeEach
    void open() {
        fx = new StoreFixture(dir);
        st = fx.open();
    }

    @AfterEach
    void close() {
        st.close();
    }

    private static String body(StoredSlice s) {
        StoredMessage m = MessageCodec.decode(s.buffer(), 0, true);
        return new String(m.body());
    }

    @Test
    void statusesFollowRocketMqForEveryOffsetRange() {
        assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE, st.getMessages("g", "Nope", 0, 0, 10, 1 << 20, null).status());
        for (int i = 0; i < 10; i++) {
            put(st, message("R", 0, "m" + i));
        }
        StoreFixture.awaitDispatched(st);
        try (GetResult r = st.getMessages("g", "R", 0, 3, 4, 1 << 20, TagFilter.ALL)) {
            assertEquals(GetStatus.FOUND, r.status());
            assertEquals(List.of("m3", "m4", "m5", "m6"), r.messages().stream().map(ReadTest::body).toList());
            assertEquals(7, r.nextBeginOffset());
            assertEquals(0, r.minOffset());
            assertEquals(10, r.maxOffset());
            assertEquals(3, r.messages().get(0).queueOffset());
        }
        GetResult one = st.getMessages("g", "R", 0, 10, 4, 1 << 20, null);
        assertEquals(GetStatus.OFFSET_OVERFLOW_ONE, one.status());
        assertEquals(10, one.nextBeginOffset());
        GetResult badly = st.getMessages("g", "R", 0, 15, 4, 1 << 20, null);
        assertEquals(GetStatus.OFFSET_OVERFLOW_BADLY, badly.status());
        assertEquals(0, badly.nextBeginOffset(), "min offset 0: RocketMQ corrects to the min");
    }

    @Test
    void maxBytesStopsTheBatchButAtLeastOneMessageIsReturned() {
        for (int i = 0; i < 5; i++) {
            put(st, message("S", 0, "body-" + i));
        }
        StoreFixture.awaitDispatched(st);
        try (GetResult r = st.getMessages("g", "S", 0, 0, 32, 1, null)) {
            assertEquals(1, r.messages().size());
            assertEquals(1, r.nextBeginOffset());
        }
        int size = st.getMessages("g", "S", 0, 0, 1, 1 << 20, null).messages().get(0).size();
        try (GetResult r = st.getMessages("g", "S", 0, 0, 32, size * 3, null)) {
            assertEquals(3, r.messages().size());
            assertEquals(size * 3, r.bufferTotalSize());
        }
    }

    @Test
    void tagFiltersSkipOtherTagsAndAdvanceTheOffset() {
        for (int i = 0; i < 6; i++) {
            put(st, message("F", 0, "m" + i, i % 2 == 0 ? "even" : "odd", null, null));
        }
        StoreFixture.awaitDispatched(st);
        TagFilter even = code -> code == "even".hashCode();
        try (GetResult r = st.getMessages("g", "F", 0, 0, 10, 1 << 20, even)) {
            assertEquals(List.of("m0", "m2", "m4"), r.messages().stream().map(ReadTest::body).toList());
            assertEquals(6, r.nextBeginOffset());
        }
        TagFilter none = code -> false;
        GetResult r = st.getMessages("g", "F", 0, 0, 10, 1 << 20, none);
        assertEquals(GetStatus.NO_MATCHED_MESSAGE, r.status());
        assertEquals(6, r.nextBeginOffset(), "filtered entries are consumed");
    }

    @Test
    void slicesAreReadOnlyViewsOfTheStoredBytes() {
        PutResult p = put(st, message("V", 0, "view"));
        StoreFixture.awaitDispatched(st);
        try (GetResult r = st.getMessages("g", "V", 0, 0, 1, 1 << 20, null)) {
            StoredSlice s = r.messages().get(0);
            assertTrue(s.buffer().isReadOnly());
            assertTrue(s.buffer().isDirect(), "a slice of the mapped file, not a heap copy");
            assertEquals(p.physicalOffset(), s.physicalOffset());
            assertEquals(p.wroteBytes(), s.size());
            assertThrows(ReadOnlyBufferException.class, () -> s.buffer().put(0, (byte) 1));
        }
    }

    @Test
    void keyAndUniqueKeyLookupsHonourTopicAndTimeRange() {
        put(st, message("K", 0, "a", null, "order-1 customer-9", "UNIQ-A"));
        fx.clock.advance(60_000);
        put(st, message("K", 1, "b", null, "order-2", "UNIQ-B"));
        put(st, message("Other", 0, "c", null, "order-1", "UNIQ-C"));
        fx.clock.advance(60_000);
        put(st, message("K", 0, "d", null, "order-1", "UNIQ-D"));
        StoreFixture.awaitDispatched(st);
        long t0 = StoreFixture.T0;
        try (QueryResult q = st.queryMessage("K", "order-1", 10, t0, t0 + 300_000)) {
            assertEquals(List.of("d", "a"), q.messages().stream().map(ReadTest::body).toList(), "newest first, topic K only");
        }
        try (QueryResult q = st.queryMessage("K", "order-1", 10, t0 + 100_000, t0 + 300_000)) {
            assertEquals(List.of("d"), q.messages().stream().map(ReadTest::body).toList());
        }
        try (QueryResult q = st.queryMessage("K", "UNIQ-B", 10, 0, Long.MAX_VALUE)) {
            assertEquals(List.of("b"), q.messages().stream().map(ReadTest::body).toList());
        }
        try (QueryResult q = st.queryMessage("K", "customer-9", 10, 0, Long.MAX_VALUE)) {
            assertEquals(List.of("a"), q.messages().stream().map(ReadTest::body).toList());
            assertTrue(q.indexLastUpdatePhyOffset() >= q.messages().get(0).physicalOffset());
        }
        assertEquals(0, st.queryMessage("K", "nothing", 10, 0, Long.MAX_VALUE).messages().size());
    }

    @Test
    void offsetByTimeEarliestTimeAndBounds() {
        for (int i = 0; i < 10; i++) {
            put(st, message("TT", 0, "m" + i));
            fx.clock.advance(1000);
        }
        StoreFixture.awaitDispatched(st);
        long t0 = StoreFixture.T0;
        assertEquals(0, st.offsetInQueueByTime("TT", 0, t0 - 5000));
        assertEquals(4, st.offsetInQueueByTime("TT", 0, t0 + 4000));
        assertEquals(5, st.offsetInQueueByTime("TT", 0, t0 + 4500));
        assertEquals(10, st.offsetInQueueByTime("TT", 0, t0 + 99_000));
        assertEquals(t0, st.earliestMessageTime("TT", 0));
        assertEquals(t0, st.earliestMessageTime());
        assertEquals(t0 + 3000, st.storeTimestampAt("TT", 0, 3));
        assertEquals(0, st.minOffsetInQueue("TT", 0));
        assertEquals(10, st.maxOffsetInQueue("TT", 0));
        assertEquals(0, st.maxOffsetInQueue("TT", 5));
        assertEquals(0, st.minPhyOffset());
    }

    @Test
    void arrivingListenersHearEveryMessageInQueueOrder() {
        List<String> heard = new CopyOnWriteArrayList<>();
        st.addArrivingListener((topic, queueId, logicOffset, tagsCode, ts) -> heard.add(topic + ":" + queueId + ":" + logicOffset + ":" + tagsCode));
        put(st, message("L", 0, "a", "tagX", null, null));
        put(st, message("L", 0, "b"));
        put(st, message("L", 3, "c"));
        StoreFixture.awaitDispatched(st);
        assertEquals(List.of("L:0:0:" + "tagX".hashCode(), "L:0:1:0", "L:3:0:0"), new ArrayList<>(heard));
    }

    @Test
    void readCommitLogHandsOutRawBytesUpToTheFileEnd() {
        PutResult a = put(st, message("H", 0, "one"));
        PutResult b = put(st, message("H", 0, "two"));
        StoredSlice raw = st.readCommitLog(0, 1 << 20).orElseThrow();
        assertEquals(b.nextOffset(), raw.size());
        assertEquals("one", new String(MessageCodec.decode(raw.buffer(), 0, true).body()));
        assertEquals("two", new String(MessageCodec.decode(raw.buffer(), a.wroteBytes(), true).body()));
        raw.release();
        assertTrue(st.readCommitLog(b.nextOffset(), 100).isEmpty());
    }

    @Test
    void deletedTopicsLoseTheirQueuesAndStartAgainAtZero() {
        for (int i = 0; i < 5; i++) {
            put(st, message("Gone", i % 2, "old" + i));
        }
        put(st, message("Kept", 0, "stays"));
        StoreFixture.awaitDispatched(st);
        st.deleteTopics(java.util.Set.of("Gone"));
        assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE, st.getMessages("g", "Gone", 0, 0, 10, 1 << 20, null).status());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("consumequeue").resolve("Gone")));
        assertEquals(1, st.maxOffsetInQueue("Kept", 0));
        PutResult again = put(st, message("Gone", 0, "new"));
        assertEquals(0, again.queueOffset());
        StoreFixture.awaitDispatched(st);
        try (GetResult r = st.getMessages("g", "Gone", 0, 0, 10, 1 << 20, null)) {
            assertEquals(List.of("new"), r.messages().stream().map(ReadTest::body).toList());
        }
    }
}
