/** The transaction check-back of half messages. Not API: private to the bundle. */
package io.comet.broker.internal.consume.tx;
