/** PULL_MESSAGE / LITE_PULL_MESSAGE and long polling. Not API: private to the bundle. */
package io.comet.broker.internal.consume.pull;
