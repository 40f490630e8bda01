package io.comet.store.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-faults the commit log's pages ahead of the writer, on its own thread ({@code comet-store-fault-ahead}), so
 * that the thread appending messages (a network event loop) writes into pages that are already mapped writable.
 *
 * <p>Why: the first write to a page of a shared file mapping runs the file system's {@code page_mkwrite}. On ext4
 * with delayed allocation that takes the inode's block-mapping lock ({@code i_data_sem}), which writeback and
 * {@code fsync} hold while they allocate blocks and convert extents - for tens of milliseconds when they wait for
 * the disk meanwhile. Measured with {@code perf} (sched_switch, issue 7): at 180 MB/s of 16 KiB sends the broker's
 * event loop was blocked there 16-42 ms several times a second, every time stalling all sends in flight on its
 * connections. Faulting ahead moves those waits to this thread, which has {@code aheadBytes} of slack.
 *
 * <p>Safe against the writer without a lock: a page is touched by an atomic compare-and-set of its first int from 0
 * to 0. That is a write access (the page becomes writable and dirty) but it can never change a byte: if the writer
 * got there first the value is not 0 and nothing is stored; if not, 0 is stored over 0. Files are held by a
 * reference ({@link MappedFile#acquire()}) while touched, so none is unmapped underneath. Only pages at or past the
 * write end are touched, up to {@code aheadBytes} past it, crossing into the next file once the allocator has
 * prepared it. The distance follows the write rate ({@link #distanceFor}): only a fast writer is worth it. The
 * thread polls the write end every {@value #BUSY_POLL_MS} ms while it moves and backs off to
 * {@value #IDLE_POLL_MS} ms when idle; the append path is not touched at all.
 *
 * <p>Cost: up to {@code aheadBytes} more of the commit log resident ({@code RssFile}) and the page-fault CPU, which
 * the event loop no longer pays. {@code comet.store.faultAheadMiB} (system property, default
 * {@value #DEFAULT_AHEAD_MIB}; 0 turns it off).
 */
final class WriteAheadFaulter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadFaulter.class);
    static final int DEFAULT_AHEAD_MIB = 32;
    static final long BUSY_POLL_MS = 5;
    static final long IDLE_POLL_MS = 200;
    /** Fault ahead what the writer fills in this time at its current rate (capped at the configured distance). */
    static final long LEAD_MS = 250;
    /** Below this distance (a writer slower than 4 MiB/s) nothing is faulted ahead. */
    static final long MIN_DISTANCE = 1L << 20;
    /** Pages touched between checks for {@link #close()}. */
    private static final int BATCH_PAGES = 256;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final LongSupplier writeEnd;
    private final LongFunction<MappedFile> fileAt;
    private final long aheadBytes;
    private final Thread thread;
    private volatile boolean closed;
    /** Global offset up to which pages are touched; confined to the thread. */
    private long frontier = -1;
    private volatile long touchedPages;

    /**
     * @param writeEnd the commit log's write end (global offset)
     * @param fileAt the file holding a global offset, or null when it is neither in the log nor prepared yet
     */
    WriteAheadFaulter(LongSupplier writeEnd, LongFunction<MappedFile> fileAt, long aheadBytes) {
        if (aheadBytes <= 0) {
            throw new IllegalArgumentException("aheadBytes must be > 0, was " + aheadBytes);
        }
        this.writeEnd = writeEnd;
        this.fileAt = fileAt;
        this.aheadBytes = aheadBytes;
        this.thread = new Thread(this::run, "comet-store-fault-ahead");
        thread.setDaemon(true);
    }

    /** The distance from {@code comet.store.faultAheadMiB} in bytes (0 = off); a bad value is reported by name. */
    static long aheadBytesFromSystem() {
        String v = System.getProperty("comet.store.faultAheadMiB");
        long mib = DEFAULT_AHEAD_MIB;
        if (v != null && !v.isBlank()) {
            try {
                mib = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                mib = -1;
            }
            if (mib < 0 || mib > 4096) {
                LOG.error("system property comet.store.faultAheadMiB='{}' is not valid (expected MiB from 0 to 4096,"
                        + " 0 = off); using {}", v, DEFAULT_AHEAD_MIB);
                mib = DEFAULT_AHEAD_MIB;
            }
        }
        return mib << 20;
    }

    /**
     * A started faulter at the distance {@code comet.store.faultAheadMiB} asks for, or null when that is 0.
     *
     * @param fileAt the file holding a global offset, or null when it is neither in the log nor prepared yet
     */
    static WriteAheadFaulter startIfEnabled(LongSupplier writeEnd, LongFunction<MappedFile> fileAt) {
        long ahead = aheadBytesFromSystem();
        return ahead == 0 ? null : new WriteAheadFaulter(writeEnd, fileAt, ahead).start();
    }

    WriteAheadFaulter start() {
        thread.start();
        return this;
    }

    /** Pages touched so far (for tests and diagnostics). */
    long touchedPages() { return touchedPages; }

    /** Global offset up to which pages were touched (-1 before the first pass); racy, for tests. */
    long frontier() { return frontier; }

    private void run() {
        long pollMs = BUSY_POLL_MS;
        long lastEnd = -1;
        long lastAt = System.nanoTime();
        double rate = 0; // bytes per second, smoothed
        while (!closed) {
            long end = writeEnd.getAsLong();
            long now = System.nanoTime();
            if (lastEnd >= 0 && now > lastAt) {
                double sample = Math.max(0, end - lastEnd) * 1e9 / (now - lastAt);
                rate = rate == 0 ? sample : rate * 0.7 + sample * 0.3;
            }
            long distance = distanceFor(rate);
            if (distance > 0) {
                try {
                    faultUpTo(end, distance);
                } catch (RuntimeException e) {
                    LOG.warn("faulting commit-log pages ahead of offset {} failed; the writer faults them itself", end, e);
                }
            }
            pollMs = end != lastEnd ? BUSY_POLL_MS : Math.min(IDLE_POLL_MS, pollMs * 2);
            lastEnd = end;
            lastAt = now;
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(pollMs));
        }
    }

    /**
     * How far ahead to fault at a write rate of {@code bytesPerSecond}: what the writer fills in
     * {@value #LEAD_MS} ms, capped at {@code aheadBytes}; none below {@value #MIN_DISTANCE} bytes. A slow writer takes
     * a page fault now and then at no measurable cost, while faulting ahead of it made the end-to-end tail worse
     * (p999 at 2000 msg/s of 1 KiB: 15-28 ms with a fixed 32 MiB ahead vs 8-10 ms without).
     */
    long distanceFor(double bytesPerSecond) {
        long d = (long) Math.min(aheadBytes, bytesPerSecond * LEAD_MS / 1000.0);
        return d < MIN_DISTANCE ? 0 : d;
    }

    /** Touches pages from the write end (rounded up to a page) to {@code end + aheadBytes}; one pass. */
    void faultUpTo(long end) {
        faultUpTo(end, aheadBytes);
    }

    private void faultUpTo(long end, long distance) {
        if (frontier < end) {
            frontier = (end + MappedFile.PAGE - 1) / MappedFile.PAGE * MappedFile.PAGE;
        }
        long target = end + distance;
        while (!closed && frontier < target) {
            MappedFile f = fileAt.apply(frontier);
            if (f == null || !f.acquire()) {
                return; // the next file is not there yet, or it is going away
            }
            try {
                MappedByteBuffer buf = f.buffer();
                int pos = (int) (frontier - f.fromOffset());
                int stop = (int) Math.min(f.size(), target - f.fromOffset());
                int n = 0;
                for (; pos < stop && n < BATCH_PAGES; pos += MappedFile.PAGE, n++) {
                    INT.compareAndSet(buf, pos, 0, 0);
                }
                touchedPages += n;
                frontier = f.fromOffset() + pos;
            } finally {
                f.release();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
