package io.comet.store;

/**
 * Told when the store's dispatch has made a message readable (its consume-queue entry exists), e.g. to wake a
 * long-polling pull. Called on the dispatch thread for every message, in queue order: return quickly, never block.
 * Register with {@link MessageStore#addArrivingListener} or as an OSGi service.
 */
@FunctionalInterface
public interface MessageArrivingListener {
    /**
     * @param topic the message's topic
     * @param queueId its queue
     * @param logicOffset its consume-queue offset (the queue's max offset is now {@code logicOffset + 1})
     * @param tagsCode its tag code
     * @param storeTimestamp its store time
     */
    void arriving(String topic, int queueId, long logicOffset, long tagsCode, long storeTimestamp);
}
