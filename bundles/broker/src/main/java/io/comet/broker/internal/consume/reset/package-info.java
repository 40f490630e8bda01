/**
 * Resetting a consumer group's offsets by time: INVOKE_BROKER_TO_RESET_OFFSET (222) from {@code mqadmin
 * resetOffsetByTime}, and the RESET_CONSUMER_CLIENT_OFFSET (220) notice to the group's online consumers.
 */
package io.comet.broker.internal.consume.reset;
