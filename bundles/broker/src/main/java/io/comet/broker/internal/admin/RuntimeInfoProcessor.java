package io.comet.broker.internal.admin;

import io.comet.common.Json;
import io.comet.common.KVTable;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** GET_BROKER_RUNTIME_INFO (28): no header; body = KVTable {@code {"table":{...}}} of {@link RuntimeInfo}. */
public final class RuntimeInfoProcessor implements RequestProcessor {
    private final RuntimeInfo info;

    public RuntimeInfoProcessor(RuntimeInfo info) {
        this.info = info;
    }

    public static int[] codes() {
        return new int[] {RequestCode.GET_BROKER_RUNTIME_INFO};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                .body(Json.toBytes(new KVTable(info.table()))));
    }
}
