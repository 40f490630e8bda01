package io.comet.remoting;

import java.util.concurrent.CompletionStage;

/**
 * Serves request codes. Register one directly with {@link RemotingServer#registerProcessor}, or as an OSGi
 * service (whiteboard) with the properties {@link #SERVER}, {@link #CODES} and optionally {@link #EXECUTOR}.
 *
 * <p>{@link #process} runs on the executor of its group, not on an event loop, unless the processor says that a
 * request may run right on the event loop that read it ({@link #runsOnEventLoop}). It may finish later (a held
 * pull, a flush or replication wait) by completing the returned stage. A stage completed with {@code null}, or a
 * {@code null} stage, means no response; responses to oneway requests are dropped by the server.
 */
@FunctionalInterface
public interface RequestProcessor {
    /** Service property: the name of the server this processor joins (e.g. {@code namesrv}). */
    String SERVER = "comet.remoting.server";
    /** Service property: the request codes served, an {@code Integer} or {@code Integer[]}. */
    String CODES = "comet.remoting.codes";
    /** Service property: executor group (requests of one group share a thread pool). Default {@code default}. */
    String EXECUTOR = "comet.remoting.executor";

    CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception;

    /**
     * Whether {@code request} may be processed on the event loop that read it instead of on the group's executor:
     * that saves two thread hand-offs per request (to the executor and, with the response, back to the event
     * loop), each a wake-up system call, and keeps a connection's requests in order. Only for work that never
     * blocks or waits (no disk writes, no locks held for long, no remote calls: anything slow must finish later
     * through the returned stage), because every other connection of that event loop waits meanwhile. Called on
     * the event loop, so it must be cheap. Default: {@code false}.
     */
    default boolean runsOnEventLoop(RemotingCommand request) {
        return false;
    }
}
