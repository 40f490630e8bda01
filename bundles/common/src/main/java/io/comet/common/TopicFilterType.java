package io.comet.common;

/** How a topic's messages are tagged: one tag each, or several (stored messages then carry sysFlag 0x2). */
public enum TopicFilterType {
    SINGLE_TAG, MULTI_TAG
}
