/** Implementation of the shell bundle. Not API: private to the bundle. */
package io.comet.shell.internal;
