package io.comet.store.internal;

import io.comet.store.GetResult;
import io.comet.store.GetStatus;
import io.comet.store.QueryResult;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads for the broker: consume-queue reads returning zero-copy slices of the commit log, and lookups by time
 * and key. Nothing at or past the confirm offset is served; consume-queue units pointing below the commit log's
 * first retained offset (deleted by retention) are skipped, so a read of a deleted range answers with a moved
 * offset rather than an error.
 */
final class MessageReader {
    /** Most units examined per read when a filter rejects entries (RocketMQ's 16000-byte window / 20). */
    private static final int MAX_FILTER_UNITS = 800;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final LongSupplier confirmOffset;

    /** @param index null when indexing is off */
    MessageReader(CommitLog log, ConsumeQueueTable queues, IndexService index, LongSupplier confirmOffset) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.confirmOffset = confirmOffset;
    }

    GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes, TagFilter filter) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return new GetResult(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0, List.of());
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (max == 0) {
            return new GetResult(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max, List.of());
        }
        if (offset < min) {
            return new GetResult(GetStatus.OFFSET_TOO_SMALL, min, min, max, List.of());
        }
        if (offset == max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max, List.of());
        }
        if (offset > max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_BADLY, min == 0 ? 0 : max, min, max, List.of());
        }
        TagFilter f = filter == null ? TagFilter.ALL : filter;
        int want = Math.max(1, maxCount);
        int window = f == TagFilter.ALL ? want : Math.max(want, MAX_FILTER_UNITS);
        long[] phys = new long[window];
        int[] sizes = new int[window];
        long[] tags = new long[window];
        int read = cq.read(offset, window, phys, sizes, tags);
        if (read == 0) {
            return new GetResult(GetStatus.OFFSET_FOUND_NULL, cq.nextFileStart(offset), min, max, List.of());
        }
        long minPhys = log.minOffset();
        long limit = Math.min(confirmOffset.getAsLong(), log.writtenOffset());
        List<StoredSlice> out = new ArrayList<>(Math.min(want, 32));
        int total = 0;
        int i = 0;
        boolean hitLimit = false;
        for (; i < read && out.size() < want; i++) {
            if (sizes[i] == Integer.MAX_VALUE || phys[i] < minPhys) {
                continue;
            }
            if (phys[i] + sizes[i] > limit) {
                hitLimit = true;
                break;
            }
            if (!out.isEmpty() && total + sizes[i] > maxBytes) {
                break;
            }
            if (!f.matches(tags[i])) {
                continue;
            }
            StoredSlice s = log.slice(phys[i], sizes[i], offset + i, limit);
            if (s == null) {
                continue;
            }
            if (!f.matchesStored(s.buffer())) {
                s.release();
                continue;
            }
            out.add(s);
            total += sizes[i];
        }
        long next = offset + i;
        GetStatus status = !out.isEmpty() ? GetStatus.FOUND
                : hitLimit && next == offset ? GetStatus.OFFSET_OVERFLOW_ONE : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(status, next, min, max, out);
    }

    long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long lo = cq.minOffset();
        long hi = cq.maxOffset() - 1;
        if (hi < lo) {
            return cq.maxOffset();
        }
        long result = cq.maxOffset();
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long ts = storeTimestampAt(cq, mid);
            if (ts < 0) {
                lo = mid + 1;
                continue;
            }
            if (ts >= timestamp) {
                result = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return result;
    }

    long storeTimestampAt(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? -1 : storeTimestampAt(cq, queueOffset);
    }

    private long storeTimestampAt(ConsumeQueue cq, long queueOffset) {
        long[] p = new long[1];
        int[] s = new int[1];
        long[] t = new long[1];
        if (queueOffset < cq.minOffset() || cq.read(queueOffset, 1, p, s, t) != 1 || s[0] == Integer.MAX_VALUE
                || p[0] < log.minOffset() || p[0] + s[0] > confirmOffset.getAsLong()) {
            return -1;
        }
        return log.storeTimestampAt(p[0]);
    }

    long earliestMessageTime(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? -1 : storeTimestampAt(cq, cq.minOffset());
    }

    QueryResult query(String topic, String key, int maxCount, long begin, long end) {
        if (index == null) {
            return new QueryResult(List.of(), 0, 0);
        }
        List<Long> offsets = index.query(topic, key, Math.max(1, maxCount) * 2, begin, end);
        List<StoredSlice> out = new ArrayList<>();
        long limit = Math.min(confirmOffset.getAsLong(), log.writtenOffset());
        for (long phys : offsets) {
            if (out.size() >= maxCount) {
                break;
            }
            StoredSlice s = log.entryAt(phys, limit);
            if (s == null) {
                continue;
            }
            if (matchesKey(s.buffer(), topic, key)) {
                out.add(s);
            } else {
                s.release();
            }
        }
        return new QueryResult(out, index.endTimestamp(), index.endPhyOffset());
    }

    /** Re-checks an index hit: same topic and KEYS containing the key or UNIQ_KEY equal to it. */
    static boolean matchesKey(ByteBuffer entry, String topic, String key) {
        DispatchRequest r = DispatchRequest.parse(entry, 0, entry.limit());
        if (!r.topic().equals(topic)) {
            return false;
        }
        if (key.equals(r.uniqKey())) {
            return true;
        }
        String keys = r.keys();
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(" ")) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
