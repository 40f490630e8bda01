package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.remoting.ChannelEventListener;
import io.comet.remoting.ClientSettings;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingServer;
import io.comet.remoting.RequestProcessor;
import io.comet.remoting.ResponseCode;
import io.comet.remoting.ServerSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whiteboard bookkeeping: attach in either arrival order, detach when either side leaves, property parsing. */
class WhiteboardRegistryTest {

    /** Records what is attached to it. */
    private static final class RecordingServer implements RemotingServer {
        final String name;
        final Map<Integer, RequestProcessor> processors = new HashMap<>();
        final Map<Integer, String> groups = new HashMap<>();
        final List<ChannelEventListener> listeners = new ArrayList<>();

        RecordingServer(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public AutoCloseable registerProcessor(RequestProcessor processor, String executorGroup, int... codes) {
            for (int c : codes) {
                processors.put(c, processor);
                groups.put(c, executorGroup);
            }
            return () -> {
                for (int c : codes) {
                    processors.remove(c, processor);
                }
            };
        }

        @Override
        public AutoCloseable addChannelListener(ChannelEventListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public void close() {}
    }

    private static final RequestProcessor P = (ch, req) -> null;

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void processorArrivingBeforeItsServerIsAttachedWhenTheServerComes() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        wb.addProcessor(1L, P, props(RequestProcessor.SERVER, "namesrv", RequestProcessor.CODES, new Integer[] {105, 106},
                RequestProcessor.EXECUTOR, "route"));
        assertEquals(0, wb.attachmentCount(1L));
        RecordingServer s = new RecordingServer("namesrv");
        wb.addServer(2L, s, props(RemotingServer.NAME, "namesrv"));
        assertEquals(Map.of(105, P, 106, P), s.processors);
        assertEquals("route", s.groups.get(105));
        assertEquals(1, wb.attachmentCount(1L));
    }

    @Test
    void serverFirstThenProcessorThenRemovalOfEitherDetaches() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        RecordingServer s = new RecordingServer("broker");
        wb.addServer(1L, s, props(RemotingServer.NAME, "broker"));
        wb.addProcessor(2L, P, props(RequestProcessor.SERVER, "broker", RequestProcessor.CODES, 310));
        assertEquals(ExecutorGroups.DEFAULT, s.groups.get(310));
        assertEquals(Map.of(310, P), s.processors);
        wb.removeMember(2L);
        assertEquals(Map.of(), s.processors);

        wb.addProcessor(3L, P, props(RequestProcessor.SERVER, "broker", RequestProcessor.CODES, "11, 361"));
        assertEquals(Map.of(11, P, 361, P), s.processors);
        wb.removeServer(1L);
        assertEquals(Map.of(), s.processors, "detached when the server leaves");
        assertEquals(0, wb.attachmentCount(3L));
        RecordingServer again = new RecordingServer("broker");
        wb.addServer(4L, again, props(RemotingServer.NAME, "broker"));
        assertEquals(Map.of(11, P, 361, P), again.processors, "and attached to the server that replaces it");
    }

    @Test
    void processorsOnlyJoinTheServerTheyName() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        RecordingServer a = new RecordingServer("a");
        RecordingServer b = new RecordingServer("b");
        wb.addServer(1L, a, props(RemotingServer.NAME, "a"));
        wb.addServer(2L, b, props()); // no property: its own name() is used
        wb.addProcessor(3L, P, props(RequestProcessor.SERVER, "b", RequestProcessor.CODES, List.of(1, 2)));
        assertEquals(Map.of(), a.processors);
        assertEquals(Map.of(1, P, 2, P), b.processors);
    }

    @Test
    void changedPropertiesMoveTheProcessor() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        RecordingServer a = new RecordingServer("a");
        RecordingServer b = new RecordingServer("b");
        wb.addServer(1L, a, props(RemotingServer.NAME, "a"));
        wb.addServer(2L, b, props(RemotingServer.NAME, "b"));
        wb.addProcessor(3L, P, props(RequestProcessor.SERVER, "a", RequestProcessor.CODES, 5));
        wb.addProcessor(3L, P, props(RequestProcessor.SERVER, "b", RequestProcessor.CODES, new int[] {6}));
        assertEquals(Map.of(), a.processors);
        assertEquals(Map.of(6, P), b.processors);
    }

    @Test
    void listenersAttachAndDetachLikeProcessors() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        ChannelEventListener l = new ChannelEventListener() {};
        wb.addListener(1L, l, props(RequestProcessor.SERVER, "s"));
        RecordingServer s = new RecordingServer("s");
        wb.addServer(2L, s, props(RemotingServer.NAME, "s"));
        assertEquals(List.of(l), s.listeners);
        wb.clear();
        assertEquals(List.of(), s.listeners);
    }

    @Test
    void processorsWithoutServerOrWithBadCodesAreIgnored() {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        RecordingServer s = new RecordingServer("s");
        wb.addServer(1L, s, props(RemotingServer.NAME, "s"));
        wb.addProcessor(2L, P, props(RequestProcessor.CODES, 1));
        wb.addProcessor(3L, P, props(RequestProcessor.SERVER, "s", RequestProcessor.CODES, "1,x"));
        wb.addProcessor(4L, P, props(RequestProcessor.SERVER, "s"));
        assertEquals(Map.of(), s.processors);
    }

    @Test
    void codesParseFromEveryPropertyShapeAndBadOnesAreNamed() {
        assertArrayEquals(new int[] {10}, ServiceProperties.codes(props(RequestProcessor.CODES, 10)));
        assertArrayEquals(new int[] {10, 11}, ServiceProperties.codes(props(RequestProcessor.CODES, new Integer[] {10, 11})));
        assertArrayEquals(new int[] {10, 11}, ServiceProperties.codes(props(RequestProcessor.CODES, new int[] {10, 11})));
        assertArrayEquals(new int[] {10, 11}, ServiceProperties.codes(props(RequestProcessor.CODES, new String[] {"10", " 11"})));
        assertArrayEquals(new int[] {10, 11}, ServiceProperties.codes(props(RequestProcessor.CODES, List.of(10L, 11L))));
        assertArrayEquals(new int[] {10, 11}, ServiceProperties.codes(props(RequestProcessor.CODES, "10,11")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceProperties.codes(props(RequestProcessor.CODES, new String[] {"10", "ten"})));
        assertTrue(e.getMessage().contains("'ten'") && e.getMessage().contains("[10, ten]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServiceProperties.codes(props(RequestProcessor.CODES, 1.5)));
        assertThrows(IllegalArgumentException.class, () -> ServiceProperties.codes(props()));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void whiteboardProcessorServesRequestsOnARealServer() throws Exception {
        WhiteboardRegistry wb = new WhiteboardRegistry();
        wb.addProcessor(1L, (ch, req) -> CompletableFuture.completedFuture(RemotingCommand.response(0, "via whiteboard")),
                props(RequestProcessor.SERVER, "wb", RequestProcessor.CODES, 105));
        try (NettyRemotingServer server = NettyRemotingServer.start(ServerSettings.of("wb", "127.0.0.1", 0));
             NettyRemotingClient client = new NettyRemotingClient(ClientSettings.defaults())) {
            wb.addServer(2L, server, props(RemotingServer.NAME, "wb"));
            String address = "127.0.0.1:" + server.port();
            assertEquals("via whiteboard", client.invokeSync(address, RemotingCommand.request(105), 3000).remark());
            wb.removeMember(1L);
            assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, client.invokeSync(address, RemotingCommand.request(105), 3000).code());
        }
    }
}
