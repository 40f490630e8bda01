/** Client membership: heartbeats, consumer and producer groups, change notifications, connection views. Not API: private to the bundle. */
package io.comet.broker.internal.consume.client;
