/** Implementation of the namesrv bundle. Not API: private to the bundle. */
package io.comet.namesrv.internal;
