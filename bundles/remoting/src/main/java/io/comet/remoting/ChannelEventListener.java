package io.comet.remoting;

/**
 * Hears connection events of a server. Register with {@link RemotingServer#addChannelListener} or as a
 * whiteboard service carrying {@link RequestProcessor#SERVER}. Callbacks run off the event loop.
 */
public interface ChannelEventListener {
    default void onConnect(RemotingChannel channel) {}

    /** The connection closed, by either side or after an error. */
    default void onClose(RemotingChannel channel) {}

    /** No reads or writes for the idle limit; the server closes the channel right after. */
    default void onIdle(RemotingChannel channel) {}
}
