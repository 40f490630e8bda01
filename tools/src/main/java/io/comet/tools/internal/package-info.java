/** Implementation of the admin tool: argument parsing, the commands, the requests they send and their tables. */
package io.comet.tools.internal;
