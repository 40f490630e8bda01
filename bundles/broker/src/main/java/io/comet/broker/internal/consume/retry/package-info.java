/** Send-back to retry and dead-letter topics, and delayed delivery from SCHEDULE_TOPIC_XXXX (delayOffset.json). Not API: private to the bundle. */
package io.comet.broker.internal.consume.retry;
