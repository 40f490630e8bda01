/** Netty implementation of Comet's remoting. Not API: private to the remoting bundle. */
package io.comet.remoting.internal;
