package io.comet.namesrv.internal.processor;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import io.comet.config.ConfigText;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPDATE_NAMESRV_CONFIG (318) and GET_NAMESRV_CONFIG (319), both through the node's {@link ConfigService} so
 * the running configuration, the node's properties file and the answers agree.
 *
 * <p>UPDATE: the body is properties text ({@code key=value} lines). Keys on {@code configBlackList} are refused
 * with 16 NO_PERMISSION; a value the service refuses gives SYSTEM_ERROR with its message; without the service,
 * SYSTEM_ERROR "configuration service not available". GET: the body is the current configuration as
 * {@code key=value} lines, from the service, or from the NameServer's own configuration when the service is
 * absent.
 */
public final class NamesrvConfigProcessor extends NamesrvProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("RocketmqNamesrv");
    private final Supplier<ConfigService> configService;
    private final Supplier<Tunables> tunables;
    private final Supplier<Map<String, String>> ownConfig;

    /**
     * @param configService the node's configuration service, or a supplier of {@code null} while there is none
     * @param ownConfig     the NameServer's own configuration, answered by GET when there is no service
     */
    public NamesrvConfigProcessor(Supplier<ConfigService> configService, Supplier<Tunables> tunables,
                                  Supplier<Map<String, String>> ownConfig) {
        this.configService = configService;
        this.tunables = tunables;
        this.ownConfig = ownConfig;
    }

    @Override
    public int[] codes() {
        return new int[] {RequestCode.UPDATE_NAMESRV_CONFIG, RequestCode.GET_NAMESRV_CONFIG};
    }

    @Override
    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        return request.code() == RequestCode.UPDATE_NAMESRV_CONFIG ? update(channel, request) : get(request);
    }

    private RemotingCommand update(RemotingChannel channel, RemotingCommand request) {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return ok(request);
        }
        Map<String, String> changes;
        try {
            changes = ConfigText.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(request, "UPDATE_NAMESRV_CONFIG body is " + e.getMessage());
        }
        for (String key : changes.keySet()) {
            if (tunables.get().configBlackList().contains(key)) {
                return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                        "Can not update config in black list.");
            }
        }
        ConfigService service = configService.get();
        if (service == null) {
            return error(request, "configuration service not available");
        }
        String source = "UPDATE_NAMESRV_CONFIG from " + remote(channel);
        try {
            service.update(changes, source);
        } catch (ConfigException e) {
            return error(request, e.getMessage());
        }
        LOG.info("updateConfig {} by {}", changes, remote(channel));
        return ok(request);
    }

    private RemotingCommand get(RemotingCommand request) {
        ConfigService service = configService.get();
        Map<String, String> current = service != null ? service.current() : ownConfig.get();
        return ok(request).body(ConfigText.format(current).getBytes(StandardCharsets.UTF_8));
    }
}
