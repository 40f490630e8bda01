package io.comet.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Crash-safe JSON files in the store's {@code config/} folder (the broker's {@code topics.json},
 * {@code consumerOffset.json}, {@code subscriptionGroup.json}, {@code delayOffset.json}). A save writes a temp
 * file, forces it, keeps the previous file as {@code <name>.bak}, moves the temp file in place atomically and
 * forces the folder; a load falls back to {@code .bak} when the file is missing, empty or unreadable. JSON is
 * fastjson-compatible: unquoted numeric map keys ({@code {0:250}}) are accepted.
 *
 * <p>Shapes (owned by the broker, listed here for reference):
 * <pre>
 * topics.json            {"dataVersion":{"counter":0,"stateVersion":0,"timestamp":ms},
 *                         "topicConfigTable":{"T":{"attributes":{},"order":false,"perm":6,"readQueueNums":4,
 *                         "topicFilterType":"SINGLE_TAG","topicName":"T","topicSysFlag":0,"writeQueueNums":4}}}
 * consumerOffset.json    {"dataVersion":{...},"offsetTable":{"T@group":{0:250,1:251}}}  (queueId -> next offset)
 * delayOffset.json       {"dataVersion":{...},"offsetTable":{1:10,3:7}}  (delay level -> schedule queue offset)
 * subscriptionGroup.json {"dataVersion":{...},"forbiddenTable":{},"subscriptionGroupTable":{"g":{"groupName":"g",
 *                         "consumeEnable":true,"consumeBroadcastEnable":true,"retryQueueNums":1,"retryMaxTimes":16,
 *                         "brokerId":0,"whichBrokerWhenConsumeSlowly":1,...}}}
 * </pre>
 */
public interface ConfigFiles {
    /** The folder holding the files. */
    Path directory();

    /** Reads {@code name} (falling back to its {@code .bak}); empty when neither holds valid JSON of that type. */
    <T> Optional<T> load(String name, Class<T> type);

    /** Raw text of {@code name} (falling back to its {@code .bak}), empty when neither exists or both are empty. */
    Optional<String> loadText(String name);

    /** Saves {@code value} as pretty JSON, atomically. Throws {@link java.io.UncheckedIOException} on I/O failure. */
    void save(String name, Object value);

    /** Saves text as is, atomically. */
    void saveText(String name, String json);
}
