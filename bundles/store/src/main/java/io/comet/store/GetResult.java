package io.comet.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Answer to {@link MessageStore#getMessages}: a status, where to continue, the queue's bounds and the messages as
 * zero-copy slices. {@link #release()} (or close) when the bytes have been sent.
 *
 * @param status outcome
 * @param nextBeginOffset queue offset to read next
 * @param minOffset the queue's first retained offset
 * @param maxOffset the queue's end (one past the last entry)
 * @param messages the stored entries, in queue order
 */
public record GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                        List<StoredSlice> messages) implements AutoCloseable {

    public GetResult {
        messages = List.copyOf(messages);
    }

    /** Total bytes of all messages. */
    public int bufferTotalSize() {
        int n = 0;
        for (StoredSlice s : messages) {
            n += s.size();
        }
        return n;
    }

    /** The messages' buffers, in order (for a gathering write). */
    public ByteBuffer[] buffers() {
        ByteBuffer[] out = new ByteBuffer[messages.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = messages.get(i).buffer().duplicate();
        }
        return out;
    }

    /** Releases every slice. */
    public void release() {
        for (StoredSlice s : messages) {
            s.release();
        }
    }

    @Override
    public void close() { release(); }
}
