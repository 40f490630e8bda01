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

/**
 * GET_BROKER_RUNTIME_INFO (28): no header; body = KVTable {@code {"table":{...}}} of {@link RuntimeInfo}. Also
 * GET_BROKER_HA_STATUS (907): no header; body = {@link HaRuntimeInfo} JSON.
 */
public final class RuntimeInfoProcessor implements RequestProcessor {
    private final RuntimeInfo info;

    public RuntimeInfoProcessor(RuntimeInfo info) {
        this.info = info;
    }

    public static int[] codes() {
        return new int[] {RequestCode.GET_BROKER_RUNTIME_INFO, HaRuntimeInfo.GET_BROKER_HA_STATUS};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) {
        Object body = request.code() == HaRuntimeInfo.GET_BROKER_HA_STATUS ? info.haStatus()
                : new KVTable(info.table());
        return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)
                .body(Json.toBytes(body)));
    }
}
