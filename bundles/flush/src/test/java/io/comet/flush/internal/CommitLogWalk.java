package io.comet.flush.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.common.MessageCodec;
import io.comet.common.StoredMessage;
import io.comet.store.MessageStore;
import io.comet.store.StoredSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Walks a recovered commit log entry by entry and checks it against the consume queues read before. */
final class CommitLogWalk {
    private CommitLogWalk() {}

    /**
     * Each entry is in its queue's consume queue at its queue offset, queue offsets are consecutive, and the only
     * thing between entries is an end-of-file filler (size = bytes left in the file, magic {@code 0xCBD43194}).
     *
     * @param cqPhys per queue id, the physical offsets its consume queue lists, in queue order
     */
    static void check(MessageStore st, int fileSize, Map<Integer, List<Long>> cqPhys, String topic) {
        Map<Integer, Integer> seen = new HashMap<>();
        long at = st.minPhyOffset();
        long end = st.maxPhyOffset();
        while (at < end) {
            Optional<StoredSlice> entry = st.lookupMessage(at);
            if (entry.isEmpty()) {
                int left = (int) (fileSize - at % fileSize);
                long here = at;
                StoredSlice raw = st.readCommitLog(here, 8).orElseThrow(() -> new AssertionError("no bytes at " + here));
                try {
                    assertTrue(raw.size() >= 8, "a whole filler at " + raw.physicalOffset());
                    assertEquals(MessageCodec.BLANK_MAGIC, raw.buffer().getInt(4),
                            "only an end-of-file filler may interrupt the log, at " + raw.physicalOffset());
                    assertEquals(left, raw.buffer().getInt(0), "the filler at " + raw.physicalOffset() + " fills its file");
                } finally {
                    raw.release();
                }
                at += left;
                continue;
            }
            StoredSlice s = entry.get();
            try {
                StoredMessage m = MessageCodec.decode(s.buffer(), 0, true);
                int q = m.queueId();
                int n = seen.merge(q, 1, Integer::sum) - 1;
                assertEquals(n, m.queueOffset(), "commit-log entries of queue " + q + " carry consecutive queue offsets");
                assertEquals(at, (long) cqPhys.get(q).get(n), "consume queue " + q + " unit " + n + " points at the entry");
                at += s.size();
            } finally {
                s.release();
            }
        }
        for (Map.Entry<Integer, List<Long>> e : cqPhys.entrySet()) {
            assertEquals(e.getValue().size(), (int) seen.getOrDefault(e.getKey(), 0), "queue " + e.getKey() + " size");
            assertEquals(e.getValue().size(), st.maxOffsetInQueue(topic, e.getKey()));
        }
    }
}
