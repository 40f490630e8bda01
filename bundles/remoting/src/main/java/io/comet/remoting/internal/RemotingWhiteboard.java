package io.comet.remoting.internal;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestProcessor;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The remoting whiteboard: attaches {@link RequestProcessor} and {@link ChannelEventListener} services to the
 * {@link RemotingServer} service whose {@code comet.remoting.server} property (or, failing that, name) matches the
 * one they carry, in whatever order they arrive, and detaches them when either goes away. A property change
 * re-attaches. Bookkeeping lives in {@link WhiteboardRegistry}; this class only turns DS events into calls.
 */
@Component(immediate = true, service = {})
public final class RemotingWhiteboard {
    private final WhiteboardRegistry registry = new WhiteboardRegistry();

    @Reference(name = "server", service = RemotingServer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, bind = "bindServer", unbind = "unbindServer", updated = "updatedServer")
    void bindServer(RemotingServer server, Map<String, Object> props) {
        registry.addServer(props.get("service.id"), server, props);
    }

    void updatedServer(RemotingServer server, Map<String, Object> props) {
        registry.addServer(props.get("service.id"), server, props);
    }

    void unbindServer(RemotingServer server, Map<String, Object> props) {
        registry.removeServer(props.get("service.id"));
    }

    @Reference(name = "processor", service = RequestProcessor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, bind = "bindProcessor", unbind = "unbindProcessor", updated = "updatedProcessor")
    void bindProcessor(RequestProcessor processor, Map<String, Object> props) {
        registry.addProcessor(props.get("service.id"), processor, props);
    }

    void updatedProcessor(RequestProcessor processor, Map<String, Object> props) {
        registry.addProcessor(props.get("service.id"), processor, props);
    }

    void unbindProcessor(RequestProcessor processor, Map<String, Object> props) {
        registry.removeMember(props.get("service.id"));
    }

    @Reference(name = "listener", service = ChannelEventListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, bind = "bindListener", unbind = "unbindListener", updated = "updatedListener")
    void bindListener(ChannelEventListener listener, Map<String, Object> props) {
        registry.addListener(props.get("service.id"), listener, props);
    }

    void updatedListener(ChannelEventListener listener, Map<String, Object> props) {
        registry.addListener(props.get("service.id"), listener, props);
    }

    void unbindListener(ChannelEventListener listener, Map<String, Object> props) {
        registry.removeMember(props.get("service.id"));
    }

    @Deactivate
    void deactivate() {
        registry.clear();
    }
}
