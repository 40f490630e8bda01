/** Implementation of the config bundle. Not API: private to the bundle. */
package io.comet.config.internal;
