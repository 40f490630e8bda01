package io.comet.remoting;

import java.util.concurrent.CompletionStage;

/**
 * Serves request codes. Register one directly with {@link RemotingServer#registerProcessor}, or as an OSGi
 * service (whiteboard) with the properties {@link #SERVER}, {@link #CODES} and optionally {@link #EXECUTOR}.
 *
 * <p>{@link #process} runs on the executor of its group, never on an event loop. It may finish later (a held
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
}
