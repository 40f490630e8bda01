/** Implementation of the store bundle. Not API: private to the bundle. */
package io.comet.store.internal;
