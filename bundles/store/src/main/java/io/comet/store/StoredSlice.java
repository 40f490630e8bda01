package io.comet.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stored bytes handed out without copying: a read-only slice of a memory-mapped commit-log file. The file stays
 * mapped until {@link #release()} is called (once; later calls do nothing), so release every slice, typically
 * when the network layer has written it. Reading the buffer after release is undefined.
 */
public final class StoredSlice implements AutoCloseable {
    private final ByteBuffer buffer;
    private final long physicalOffset;
    private final long queueOffset;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * @param buffer read-only bytes, position 0
     * @param physicalOffset commit-log offset of the first byte
     * @param queueOffset consume-queue offset of the message, or -1 when the slice is not a single message
     * @param onRelease run once on release
     */
    public StoredSlice(ByteBuffer buffer, long physicalOffset, long queueOffset, Runnable onRelease) {
        this.buffer = buffer;
        this.physicalOffset = physicalOffset;
        this.queueOffset = queueOffset;
        this.onRelease = onRelease;
    }

    /** The bytes (a read-only view; duplicate it before moving its position if others read it too). */
    public ByteBuffer buffer() { return buffer; }

    public long physicalOffset() { return physicalOffset; }

    public long queueOffset() { return queueOffset; }

    public int size() { return buffer.limit(); }

    /** Lets the store unmap the file again. Idempotent. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    @Override
    public void close() { release(); }
}
