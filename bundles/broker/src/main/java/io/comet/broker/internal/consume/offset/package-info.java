/** Consumer offsets (consumerOffset.json), offset requests and consume statistics. Not API: private to the bundle. */
package io.comet.broker.internal.consume.offset;
