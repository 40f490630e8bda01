package io.comet.store.internal;

import io.comet.common.MessageRecord;
import io.comet.common.StatusSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as a DS component: reads PIDs {@code comet.store} and {@code comet.flush}, opens a
 * {@link DefaultMessageStore} and offers it as {@link MessageStore} (and as a {@link StatusSource} named "store").
 *
 * <p>Flush policies: every {@link FlushPolicy} service is bound (dynamic, multiple, greedy, one prototype instance
 * per store); the one whose {@code flushDiskType} service property equals the configured {@code flushDiskType} is
 * put in force. A configuration change or a bind/unbind switches through {@link FlushSwitch}: attach the new one,
 * publish it, hand over from the old one. While the wanted type is not bound, appends are still stored and their
 * futures wait up to {@code syncFlushTimeout} for it (then FLUSH_DISK_TIMEOUT): a switch never fails an append.
 *
 * <p>{@link MessageArrivingListener} services are registered with the store (whiteboard) as well.
 *
 * <p>Both configurations are required: the store opens only once the node's configuration exists (the config
 * bundle creates {@code comet.store} and {@code comet.flush} from the node's file), so it never opens the default
 * folder before the configured one.
 *
 * <p>{@code @Modified}: {@code flushDiskType} and the retention keys apply live, without touching the store; any
 * other change (folders, file sizes, index sizes, intervals) closes the store cleanly and opens it again with the
 * new settings, keeping the service registered (appends answer SERVICE_NOT_AVAILABLE meanwhile).
 */
@Component(configurationPid = {"comet.store", "comet.flush"}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {MessageStore.class, StatusSource.class})
public final class MessageStoreComponent implements MessageStore, StatusSource {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStoreComponent.class);

    private final Map<FlushPolicy, String> policies = new LinkedHashMap<>();
    private final List<MessageArrivingListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile DefaultMessageStore store;
    private StoreSettings settings;

    @Activate
    void activate(Map<String, Object> config) {
        StoreSettings s = StoreSettingsReader.read(config);
        DefaultMessageStore st = DefaultMessageStore.open(s);
        synchronized (this) {
            settings = s;
            store = st;
            for (MessageArrivingListener l : listeners) {
                st.addArrivingListener(l);
            }
            selectPolicy();
        }
    }

    @Modified
    void modified(Map<String, Object> config) {
        StoreSettings s = StoreSettingsReader.read(config);
        DefaultMessageStore toClose = null;
        synchronized (this) {
            StoreSettings old = settings;
            settings = s;
            if (needsReopen(old, s)) {
                LOG.info("comet.store: folder, file size or index settings changed: reopening the store at {}",
                        s.storePathRootDir());
                toClose = store;
                store = null;
            } else {
                store.updateSettings(s);
                if (!s.flushDiskType().equals(old.flushDiskType())) {
                    LOG.info("flushDiskType changed from {} to {}", old.flushDiskType(), s.flushDiskType());
                    selectPolicy();
                }
                return;
            }
        }
        toClose.close();
        DefaultMessageStore reopened = DefaultMessageStore.open(s);
        synchronized (this) {
            store = reopened;
            for (MessageArrivingListener l : listeners) {
                reopened.addArrivingListener(l);
            }
            selectPolicy();
        }
    }

    /** Settings that only a new store can apply (appends answer SERVICE_NOT_AVAILABLE while it opens). */
    private static boolean needsReopen(StoreSettings old, StoreSettings s) {
        return !s.storePathRootDir().equals(old.storePathRootDir()) || !s.storePathCommitLog().equals(old.storePathCommitLog())
                || s.mappedFileSizeCommitLog() != old.mappedFileSizeCommitLog()
                || s.mappedFileSizeConsumeQueue() != old.mappedFileSizeConsumeQueue()
                || s.messageIndexEnable() != old.messageIndexEnable() || s.maxHashSlotNum() != old.maxHashSlotNum()
                || s.maxIndexNum() != old.maxIndexNum() || s.flushIntervalConsumeQueue() != old.flushIntervalConsumeQueue()
                || s.cleanResourceInterval() != old.cleanResourceInterval() || s.maxMessageSize() != old.maxMessageSize()
                || s.checkCRCOnRecover() != old.checkCRCOnRecover() || s.syncFlushTimeout() != old.syncFlushTimeout();
    }

    @Deactivate
    void deactivate() {
        DefaultMessageStore st;
        synchronized (this) {
            st = store;
            store = null;
        }
        if (st != null) {
            st.close();
        }
    }

    @Reference(service = FlushPolicy.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, scope = ReferenceScope.PROTOTYPE_REQUIRED)
    synchronized void bindFlushPolicy(FlushPolicy policy, Map<String, Object> props) {
        policies.put(policy, String.valueOf(props.get(FlushPolicy.TYPE)));
        if (store != null) {
            selectPolicy();
        }
    }

    synchronized void unbindFlushPolicy(FlushPolicy policy, Map<String, Object> props) {
        policies.remove(policy);
        if (store != null && store.isFlushPolicy(policy)) {
            selectPolicy();
        }
    }

    /** Puts the first bound policy of the wanted type in force, or waits for one. Holds this. */
    private void selectPolicy() {
        String wanted = settings.flushDiskType();
        for (Map.Entry<FlushPolicy, String> e : policies.entrySet()) {
            if (e.getValue().equals(wanted)) {
                store.useFlushPolicy(e.getKey(), wanted);
                return;
            }
        }
        LOG.warn("no FlushPolicy service with flushDiskType={} is bound: appends wait for it", wanted);
        store.awaitFlushPolicy(wanted);
    }

    @Reference(service = MessageArrivingListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(MessageArrivingListener l) {
        listeners.add(l);
        DefaultMessageStore st = store;
        if (st != null) {
            st.addArrivingListener(l);
        }
    }

    void unbindListener(MessageArrivingListener l) {
        listeners.remove(l);
        DefaultMessageStore st = store;
        if (st != null) {
            st.removeArrivingListener(l);
        }
    }

    private MessageStore s() {
        DefaultMessageStore st = store;
        if (st == null) {
            throw new IllegalStateException("the store component is not active");
        }
        return st;
    }

    @Override
    public String statusName() { return "store"; }

    @Override
    public Map<String, Object> status() {
        StoreStatus st = s().storeStatus();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minPhyOffset", st.minPhyOffset());
        m.put("maxPhyOffset", st.maxPhyOffset());
        m.put("flushedOffset", st.flushedOffset());
        m.put("confirmOffset", st.confirmOffset());
        m.put("dispatchedOffset", st.dispatchedOffset());
        m.put("flushPolicy", st.flushPolicy());
        m.put("diskUsedRatio", st.diskUsedRatio());
        m.put("writeable", st.writeable());
        m.put("commitLogFiles", st.commitLogFiles());
        return m;
    }

    @Override
    public StoreStatus storeStatus() { return s().storeStatus(); }

    @Override
    public CompletableFuture<PutResult> putMessage(MessageRecord message) {
        DefaultMessageStore st = store;
        return st == null ? CompletableFuture.completedFuture(PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE))
                : st.putMessage(message);
    }

    @Override
    public CompletableFuture<PutResult> putMessages(List<MessageRecord> batch) {
        DefaultMessageStore st = store;
        return st == null ? CompletableFuture.completedFuture(PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE))
                : st.putMessages(batch);
    }

    @Override
    public GetResult getMessages(String group, String topic, int queueId, long offset, int maxCount, int maxBytes,
                                 TagFilter filter) {
        return s().getMessages(group, topic, queueId, offset, maxCount, maxBytes, filter);
    }

    @Override
    public Optional<StoredSlice> lookupMessage(long physicalOffset) { return s().lookupMessage(physicalOffset); }

    @Override
    public QueryResult queryMessage(String topic, String key, int maxCount, long begin, long end) {
        return s().queryMessage(topic, key, maxCount, begin, end);
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        return s().offsetInQueueByTime(topic, queueId, timestamp);
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) { return s().minOffsetInQueue(topic, queueId); }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) { return s().maxOffsetInQueue(topic, queueId); }

    @Override
    public long storeTimestampAt(String topic, int queueId, long queueOffset) {
        return s().storeTimestampAt(topic, queueId, queueOffset);
    }

    @Override
    public long earliestMessageTime(String topic, int queueId) { return s().earliestMessageTime(topic, queueId); }

    @Override
    public long earliestMessageTime() { return s().earliestMessageTime(); }

    @Override
    public long minPhyOffset() { return s().minPhyOffset(); }

    @Override
    public long maxPhyOffset() { return s().maxPhyOffset(); }

    @Override
    public Optional<StoredSlice> readCommitLog(long offset, int maxBytes) { return s().readCommitLog(offset, maxBytes); }

    @Override
    public long confirmOffset() { return s().confirmOffset(); }

    @Override
    public void confirmOffset(long offset) { s().confirmOffset(offset); }

    @Override
    public void appendRaw(long offset, ByteBuffer bytes) { s().appendRaw(offset, bytes); }

    @Override
    public void truncateTo(long offset) { s().truncateTo(offset); }

    @Override
    public void deleteTopics(java.util.Set<String> topics) { s().deleteTopics(topics); }

    @Override
    public void addArrivingListener(MessageArrivingListener listener) { s().addArrivingListener(listener); }

    @Override
    public void removeArrivingListener(MessageArrivingListener listener) { s().removeArrivingListener(listener); }

    @Override
    public ConfigFiles configFiles() { return s().configFiles(); }
}
