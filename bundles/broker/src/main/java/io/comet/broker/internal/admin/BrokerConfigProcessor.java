package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.common.DataVersion;
import io.comet.common.Json;
import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import io.comet.config.ConfigText;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPDATE_BROKER_CONFIG (25) and GET_BROKER_CONFIG (26), through the node's {@link ConfigService}, so a change is
 * validated against the metatype of the PID that owns each key, applied live and written back to the node's
 * properties file.
 *
 * <ul>
 *   <li>25: body = properties text ({@code key=value} lines, read by {@link ConfigText#parse}). A value the
 *       service refuses, or no service, gives SYSTEM_ERROR with the reason; nothing is applied then.</li>
 *   <li>26: body = the node's configuration as {@link ConfigText#format} lines (every key of the node's PIDs: broker,
 *       store, flush), or the broker's own attributes when there is no service; header {@code version} = the
 *       configuration's data version as JSON ({@code {"counter":n,"stateVersion":0,"timestamp":ms}}), bumped on
 *       every change.</li>
 * </ul>
 */
public final class BrokerConfigProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqBroker");

    private final BrokerContext ctx;
    private final Supplier<Map<String, String>> ownConfig;
    private final Supplier<DataVersion> version;

    /**
     * @param ownConfig the broker's own attributes, answered by 26 when there is no configuration service
     * @param version   the configuration's data version
     */
    public BrokerConfigProcessor(BrokerContext ctx, Supplier<Map<String, String>> ownConfig,
                                 Supplier<DataVersion> version) {
        this.ctx = ctx;
        this.ownConfig = ownConfig;
        this.version = version;
    }

    public static int[] codes() {
        return new int[] {RequestCode.UPDATE_BROKER_CONFIG, RequestCode.GET_BROKER_CONFIG};
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(request.code() == RequestCode.UPDATE_BROKER_CONFIG
                ? update(channel, request) : get());
    }

    private RemotingCommand update(RemotingChannel channel, RemotingCommand request) {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        }
        Map<String, String> changes;
        try {
            changes = ConfigText.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error("UPDATE_BROKER_CONFIG body: " + e.getMessage());
        }
        Optional<ConfigService> service = ctx.configService();
        if (service.isEmpty()) {
            return error("configuration service not available");
        }
        try {
            service.get().update(changes, "UPDATE_BROKER_CONFIG from " + channel.remoteAddress());
        } catch (ConfigException e) {
            return error(e.getMessage());
        }
        LOG.info("updateBrokerConfig {} by {}", changes, channel.remoteAddress());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand get() {
        Map<String, String> current = ctx.configService().map(ConfigService::current)
                .map(m -> (Map<String, String>) m).orElseGet(ownConfig);
        return RemotingCommand.response(ResponseCode.SUCCESS, null)
                .put("version", Json.toString(version.get()))
                .body(ConfigText.format(current).getBytes(StandardCharsets.UTF_8));
    }

    private static RemotingCommand error(String remark) {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, remark);
    }
}
