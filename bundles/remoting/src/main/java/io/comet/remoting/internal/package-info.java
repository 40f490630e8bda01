/**
 * Netty implementation of Comet's remoting. <b>Not API</b>: private to the remoting bundle; other bundles use
 * {@code io.comet.remoting} only.
 *
 * <h2>Wire</h2>
 * {@link io.comet.remoting.internal.Frames} owns the frame layout, {@link io.comet.remoting.internal.JsonHeaderCodec}
 * and {@link io.comet.remoting.internal.BinaryHeaderCodec} the two header encodings. Inbound bytes are split and
 * decoded by {@link io.comet.remoting.internal.FrameDecoder} (malformed input closes only that connection, with one
 * WARN line); outbound commands are written by {@link io.comet.remoting.internal.CommandEncoder} into pooled direct
 * buffers, with buffer bodies wrapped, not copied.
 *
 * <h2>Endpoints</h2>
 * {@link io.comet.remoting.internal.NettyRemotingServer} and {@link io.comet.remoting.internal.NettyRemotingClient}
 * share one pipeline ({@link io.comet.remoting.internal.RemotingChannelInitializer}): requests are dispatched by code
 * to processors on executor threads ({@link io.comet.remoting.internal.RequestDispatcher}), never on an event loop;
 * responses are matched by opaque ({@link io.comet.remoting.internal.PendingResponses}) with timeouts on a hashed
 * wheel timer.
 *
 * <h2>Whiteboard</h2>
 * {@link io.comet.remoting.internal.RemotingWhiteboard} is an immediate DS component with three dynamic, multiple
 * references (optional, so it is always active):
 * <ul>
 *   <li>{@link io.comet.remoting.RemotingServer} services, named by their {@code comet.remoting.server} property
 *       (or {@link io.comet.remoting.RemotingServer#name()} when it is missing);</li>
 *   <li>{@link io.comet.remoting.RequestProcessor} services with {@code comet.remoting.server} (which server),
 *       {@code comet.remoting.codes} (Integer, Integer[], int[], String[] or "10,11") and optionally
 *       {@code comet.remoting.executor} (the executor group, default {@code default});</li>
 *   <li>{@link io.comet.remoting.ChannelEventListener} services with {@code comet.remoting.server}.</li>
 * </ul>
 * Whichever arrives first, the pair is attached when both are present
 * ({@link io.comet.remoting.RemotingServer#registerProcessor} / {@code addChannelListener}) and detached when either
 * is unregistered; a service property change re-attaches. A processor service with missing or malformed codes is
 * logged as an error naming the property and ignored.
 */
package io.comet.remoting.internal;
