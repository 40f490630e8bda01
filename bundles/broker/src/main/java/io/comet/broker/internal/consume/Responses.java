package io.comet.broker.internal.consume;

import io.comet.common.Json;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers the consuming side's processors share to build answers and read bodies. */
public final class Responses {
    private Responses() {}

    /** SUCCESS without header or body. */
    public static RemotingCommand ok() {
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    /** SUCCESS with {@code body} as JSON. */
    public static RemotingCommand json(Object body) {
        return ok().body(Json.toBytes(body));
    }

    public static RemotingCommand error(int code, String remark) {
        return RemotingCommand.response(code, remark);
    }

    public static CompletionStage<RemotingCommand> done(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The request body as {@code type}; a missing or malformed body fails naming the request code and what was
     * expected.
     */
    public static <T> T body(RemotingCommand request, Class<T> type) throws RemotingCommandException {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            throw new RemotingCommandException("request code " + request.code() + ": the body (" + type.getSimpleName()
                    + " JSON) is missing");
        }
        try {
            T value = Json.fromBytes(body, type);
            if (value == null) {
                throw new IllegalArgumentException("null");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException("request code " + request.code() + ": the body is not valid "
                    + type.getSimpleName() + " JSON: " + e.getMessage());
        }
    }
}
