package io.comet.store.internal;

import io.comet.common.MessageCodec;
import io.comet.common.MessageProperties;
import io.comet.common.MessageRecord;
import io.comet.store.ConfigFiles;
import io.comet.store.FlushPolicy;
import io.comet.store.GetResult;
import io.comet.store.MessageArrivingListener;
import io.comet.store.MessageStore;
import io.comet.store.PutResult;
import io.comet.store.PutStatus;
import io.comet.store.QueryResult;
import io.comet.store.StoreSettings;
import io.comet.store.StoreStatus;
import io.comet.store.StoredSlice;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: wires the commit log, consume queues, index, dispatch, checkpoint, retention and flush switch, and
 * runs the open (lock, load, recover, re-dispatch) and close (flush, checkpoint, delete {@code abort}) sequences.
 *
 * <p>Folder layout under {@code storePathRootDir}: {@code commitlog/} (or {@code storePathCommitLog}),
 * {@code consumequeue/<topic>/<queueId>/}, {@code index/}, {@code config/}, {@code checkpoint}, {@code abort},
 * {@code lock}; each format is described by the class that owns it ({@link CommitLog}, {@link ConsumeQueue},
 * {@link IndexFile}, {@link AtomicJsonFiles}, {@link Checkpoint}, {@link StoreLock}).
 */
public final class DefaultMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessageStore.class);

    private final StoreSettings settings;
    private final Clock clock;
    private final StoreLock lock;
    private final Checkpoint checkpoint;
    private final FileAllocator allocator = new FileAllocator();
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final ReputService reput;
    private final MessageReader reader;
    private final RetentionService retention;
    private final FlushSwitch flush;
    private final ConfigFiles configFiles;
    private final ScheduledExecutorService scheduler;
    private final ReplicationRoom replication;
    private final WriteAheadFaulter faultAhead;
    private volatile boolean running;

    /** Opens the store with the system clock and the real disk. */
    public static DefaultMessageStore open(StoreSettings settings) {
        return new DefaultMessageStore(settings, Clock.systemDefaultZone(), DiskUsageProbe.FILE_SYSTEM);
    }

    /** Locks the folder, loads and recovers everything, re-dispatches, and starts the store's threads. */
    DefaultMessageStore(StoreSettings settings, Clock clock, DiskUsageProbe probe) {
        this.settings = settings;
        this.clock = clock;
        this.lock = StoreLock.acquire(settings.storePathRootDir());
        boolean ok = false;
        try {
            this.checkpoint = Checkpoint.open(settings.storePathRootDir().resolve("checkpoint"));
            this.log = new CommitLog(settings.storePathCommitLog(), settings.mappedFileSizeCommitLog(), allocator, clock);
            this.queues = new ConsumeQueueTable(settings.storePathRootDir().resolve("consumequeue"),
                    settings.mappedFileSizeConsumeQueue());
            this.index = settings.messageIndexEnable() ? new IndexService(settings.storePathRootDir().resolve("index"),
                    settings.maxHashSlotNum(), settings.maxIndexNum(), clock) : null;
            this.reput = new ReputService(log, queues, index, this::confirmOffset);
            this.reader = new MessageReader(log, queues, index, this::confirmOffset);
            this.retention = new RetentionService(log, queues, index, clock, probe, settings);
            this.flush = new FlushSwitch(log, settings.syncFlushTimeout(), settings.flushDiskType());
            this.configFiles = new AtomicJsonFiles(settings.storePathRootDir().resolve("config"));
            QueueOffsetRebuilder offsets = new QueueOffsetRebuilder(log);
            this.replication = new ReplicationRoom(log, queues, index, reput, flush, offsets);
            log.afterFlush(reput::wakeup);
            StoreRecovery.recover(settings, lock.crashed(), checkpoint, log, queues, index, reput, offsets);
            lock.markRunning();
            reput.start();
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "comet-store-service");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::checkpointQuietly, settings.flushIntervalConsumeQueue(),
                    settings.flushIntervalConsumeQueue(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::cleanQuietly, settings.cleanResourceInterval(),
                    settings.cleanResourceInterval(), TimeUnit.MILLISECONDS);
            IdleMappingTrimmer.scheduleOn(scheduler, log.files());
            this.faultAhead = WriteAheadFaulter.startIfEnabled(log::writtenOffset, log.files()::fileOrPrepared);
            running = true;
            ok = true;
        } finally {
            if (!ok) {
                lock.close();
            }
        }
    }

    // ---------------------------------------------------------------- appends

    @Override
    public CompletableFuture<PutResult> putMessage(MessageRecord m) {
        PutStatus refused = precheck(m);
        if (refused != null) {
            return CompletableFuture.completedFuture(PutResult.failed(refused));
        }
        MessageCodec.Prepared p;
        try {
            p = MessageCodec.prepare(m);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(PutResult.failed(illegal(m)));
        }
        if (p.length() + MessageCodec.BLANK_LENGTH > settings.mappedFileSizeCommitLog()) {
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.MESSAGE_ILLEGAL));
        }
        PutResult r = log.append(p);
        if (!r.status().isStored()) {
            return CompletableFuture.completedFuture(r);
        }
        reput.wakeup();
        return flush.onAppended(r.nextOffset(), m.waitStoreOk()).thenApply(r::withStatus);
    }

    @Override
    public CompletableFuture<PutResult> putMessages(List<MessageRecord> batch) {
        if (batch == null || batch.isEmpty()) {
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.MESSAGE_ILLEGAL));
        }
        MessageRecord first = batch.get(0);
        List<MessageCodec.Prepared> prepared = new ArrayList<>(batch.size());
        int total = 0;
        boolean waitStoreOk = false;
        for (MessageRecord m : batch) {
            PutStatus refused = precheck(m);
            if (refused == null && (!m.topic().equals(first.topic()) || m.queueId() != first.queueId())) {
                refused = PutStatus.MESSAGE_ILLEGAL;
            }
            if (refused != null) {
                return CompletableFuture.completedFuture(PutResult.failed(refused));
            }
            try {
                MessageCodec.Prepared p = MessageCodec.prepare(m);
                prepared.add(p);
                total += p.length();
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(PutResult.failed(illegal(m)));
            }
            waitStoreOk |= m.waitStoreOk();
        }
        if (total + MessageCodec.BLANK_LENGTH > settings.mappedFileSizeCommitLog()) {
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.MESSAGE_ILLEGAL));
        }
        PutResult r = log.appendBatch(prepared, total);
        if (!r.status().isStored()) {
            return CompletableFuture.completedFuture(r);
        }
        reput.wakeup();
        return flush.onAppended(r.nextOffset(), waitStoreOk).thenApply(r::withStatus);
    }

    private PutStatus precheck(MessageRecord m) {
        if (!running || retention.diskFull() || log.forceFailed()) {
            return PutStatus.SERVICE_NOT_AVAILABLE;
        }
        if (m == null || m.body().length > settings.maxMessageSize()) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        return null;
    }

    private static PutStatus illegal(MessageRecord m) {
        return m.properties().getBytes(StandardCharsets.UTF_8).length > MessageProperties.MAX_LENGTH
                ? PutStatus.PROPERTIES_SIZE_EXCEEDED : PutStatus.MESSAGE_ILLEGAL;
    }

    // ---------------------------------------------------------------- replication room ({@link ReplicationRoom})

    @Override
    public void appendRaw(long offset, ByteBuffer bytes) {
        if (!running) {
            throw new IllegalStateException("store " + settings.storePathRootDir() + " is closed");
        }
        replication.appendRaw(offset, bytes);
    }

    @Override
    public void truncateTo(long offset) {
        replication.truncateTo(offset);
        LOG.info("store {} truncated to {}", settings.storePathRootDir(), offset);
    }

    /** How far dispatch and reads go ({@link ReplicationRoom}). */
    @Override
    public long confirmOffset() {
        return replication.confirmOffset();
    }

    @Override
    public void confirmOffset(long offset) {
        replication.confirmOffset(offset);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public GetResult getMessages(String group, String topic, int queueId, long offset, int maxCount, int maxBytes,
                                 TagFilter filter) {
        return reader.getMessages(topic, queueId, offset, maxCount, maxBytes, filter);
    }

    @Override
    public Optional<StoredSlice> lookupMessage(long physicalOffset) {
        return Optional.ofNullable(log.entryAt(physicalOffset, Math.min(confirmOffset(), log.writtenOffset())));
    }

    @Override
    public QueryResult queryMessage(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp) {
        return reader.query(topic, key, maxCount, beginTimestamp, endTimestamp);
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        return reader.offsetInQueueByTime(topic, queueId, timestamp);
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    @Override
    public long storeTimestampAt(String topic, int queueId, long queueOffset) {
        return reader.storeTimestampAt(topic, queueId, queueOffset);
    }

    @Override
    public long earliestMessageTime(String topic, int queueId) { return reader.earliestMessageTime(topic, queueId); }

    @Override
    public long earliestMessageTime() {
        MappedFile f = log.files().first();
        return f == null || log.writtenOffset() <= f.fromOffset() ? -1 : log.storeTimestampAt(f.fromOffset());
    }

    @Override
    public long minPhyOffset() { return log.minOffset(); }

    @Override
    public long maxPhyOffset() { return log.writtenOffset(); }

    @Override
    public Optional<StoredSlice> readCommitLog(long offset, int maxBytes) {
        return Optional.ofNullable(log.readRaw(offset, maxBytes, replication.replicationLimit()));
    }

    @Override
    public void deleteTopics(java.util.Set<String> topics) {
        log.putLock().lock();
        try {
            synchronized (reput.dispatchLock()) {
                reput.dispatchFully();
                for (String t : topics) {
                    queues.removeTopic(t);
                    log.offsets().remove(t);
                }
                writeCheckpoint();
            }
        } finally {
            log.putLock().unlock();
        }
        LOG.info("consume queues of topics {} deleted", topics);
    }

    @Override
    public void addArrivingListener(MessageArrivingListener listener) { reput.addListener(listener); }

    @Override
    public void removeArrivingListener(MessageArrivingListener listener) { reput.removeListener(listener); }

    @Override
    public ConfigFiles configFiles() { return configFiles; }

    @Override
    public StoreStatus storeStatus() {
        return new StoreStatus(log.minOffset(), log.writtenOffset(), log.flushedOffset(), confirmOffset(),
                reput.reputFrom(), flush.name(), retention.lastUsage(), running && !retention.diskFull() && !log.forceFailed(),
                log.files().files().size());
    }

    // ---------------------------------------------------------------- services and life cycle

    /** Makes {@code policy} (of {@code flushDiskType} {@code type}) the flush policy in force. */
    public void useFlushPolicy(FlushPolicy policy, String type) { flush.use(policy, type); }

    /** The wanted flush policy is not bound: hold appends (bounded by syncFlushTimeout) until it is. */
    public void awaitFlushPolicy(String type) { flush.await(type); }

    /** Whether {@code policy} is in force. */
    public boolean isFlushPolicy(FlushPolicy policy) { return flush.isCurrent(policy); }

    /** Applies tunables that may change while running (retention keys); others need a restart. */
    public void updateSettings(StoreSettings s) { retention.settings(s); }

    /** One retention pass now (also run every cleanResourceInterval). */
    int cleanNow() { return retention.runOnce(); }

    /** Asks retention to delete expired files at its next pass, whatever the hour (mqadmin deleteExpiredCommitLog). */
    public void requestDeletion() { retention.requestDeletion(); }

    /** Waits until dispatch has reached the confirm offset; false on timeout. */
    public boolean awaitDispatched(long timeoutMs) throws InterruptedException {
        return reput.awaitReached(() -> Math.min(confirmOffset(), log.writtenOffset()), timeoutMs);
    }

    CommitLog commitLog() { return log; }

    ConsumeQueueTable consumeQueues() { return queues; }

    IndexService index() { return index; }

    /** Flushes consume queues and index, then records how far they go in the checkpoint. */
    void writeCheckpoint() {
        CheckpointWriter.write(checkpoint, log, queues, index, reput, replication.explicitConfirm());
    }

    private void checkpointQuietly() {
        try {
            writeCheckpoint();
        } catch (RuntimeException e) {
            LOG.error("checkpoint failed", e);
        }
    }

    private void cleanQuietly() {
        try {
            retention.runOnce();
        } catch (RuntimeException e) {
            LOG.error("retention pass failed", e);
        }
    }

    /** Stops appends, flushes everything, writes the checkpoint and, when dispatch caught up, deletes abort. */
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        log.shutdown();
        flush.close();
        try {
            log.flush(0);
        } catch (RuntimeException e) {
            LOG.error("store {}: final commit-log flush failed; the next start recovers from the disk", settings.storePathRootDir(), e);
        }
        reput.stop();
        if (faultAhead != null) {
            faultAhead.close();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeCheckpoint();
        if (reput.reputFrom() >= Math.min(confirmOffset(), log.writtenOffset())) {
            lock.markClean();
        } else {
            LOG.warn("store {} closed before dispatch caught up: abort file kept, next start recovers", settings.storePathRootDir());
        }
        queues.close();
        if (index != null) {
            index.close();
        }
        allocator.close();
        log.close();
        checkpoint.close();
        lock.close();
        LOG.info("store {} closed at offset {}", settings.storePathRootDir(), log.writtenOffset());
    }
}
