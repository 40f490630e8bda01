/** Implementation of the flush bundle. Not API: private to the bundle. */
package io.comet.flush.internal;
