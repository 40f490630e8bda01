package io.comet.namesrv.internal.processor;

import static io.comet.namesrv.internal.processor.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.config.ConfigException;
import io.comet.config.ConfigService;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** UPDATE/GET_NAMESRV_CONFIG go through the configuration service and keep its answers. */
class NamesrvConfigProcessorTest {

    /** A configuration service that validates one key like metatype would and keeps values. */
    static final class MapConfigService implements ConfigService {
        final TreeMap<String, String> values = new TreeMap<>(Map.of("listenPort", "9876", "orderMessageEnable", "false",
                "kvConfigPath", "C:\\rocketmq\\kv.json"));
        String lastSource;

        @Override
        public void update(Map<String, String> properties, String source) throws ConfigException {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (!values.containsKey(e.getKey())) {
                    throw new ConfigException(e.getKey(), e.getValue(), source, "no installed bundle declares this key");
                }
                if (e.getKey().equals("orderMessageEnable") && !e.getValue().matches("true|false")) {
                    throw new ConfigException(e.getKey(), e.getValue(), source, "a boolean");
                }
            }
            values.putAll(properties);
            lastSource = source;
        }

        @Override public SortedMap<String, String> current() { return new TreeMap<>(values); }
        @Override public String pidOf(String key) { return values.containsKey(key) ? "comet.namesrv" : null; }
        @Override public String file() { return "namesrv.properties"; }
    }

    private final MapConfigService service = new MapConfigService();
    private volatile ConfigService bound = service;
    private final NamesrvConfigProcessor processor = new NamesrvConfigProcessor(() -> bound, Tunables::defaults,
            () -> Map.of("listenPort", "1234"));

    private static RemotingCommand update(String text) {
        return request(RequestCode.UPDATE_NAMESRV_CONFIG).body(text.getBytes(StandardCharsets.UTF_8));
    }

    private Properties get() throws IOException {
        RemotingCommand resp = processor.answer(null, request(RequestCode.GET_NAMESRV_CONFIG));
        assertEquals(ResponseCode.SUCCESS, resp.code());
        Properties p = new Properties();
        p.load(new StringReader(new String(resp.body(), StandardCharsets.UTF_8)));
        return p;
    }

    @Test
    void updateAppliesThroughTheServiceAndGetShowsIt() throws IOException {
        RemotingCommand resp = processor.answer(null, update("orderMessageEnable=true\n"));
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals("true", service.values.get("orderMessageEnable"));
        assertTrue(service.lastSource.startsWith("UPDATE_NAMESRV_CONFIG"));
        Properties p = get();
        assertEquals("true", p.getProperty("orderMessageEnable"));
        assertEquals("C:\\rocketmq\\kv.json", p.getProperty("kvConfigPath"), "backslashes survive the properties text");
    }

    @Test
    void refusedValueBecomesSystemErrorWithTheServiceMessage() {
        RemotingCommand resp = processor.answer(null, update("orderMessageEnable=soon"));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertTrue(resp.remark().contains("orderMessageEnable=soon"), resp.remark());
        assertEquals("false", service.values.get("orderMessageEnable"));
    }

    @Test
    void blackListedKeysAreRefusedWithNoPermission() {
        RemotingCommand resp = processor.answer(null, update("kvConfigPath=/tmp/x\norderMessageEnable=true"));
        assertEquals(ResponseCode.NO_PERMISSION, resp.code());
        assertEquals("false", service.values.get("orderMessageEnable"), "nothing applied");
    }

    @Test
    void withoutTheServiceUpdateFailsAndGetAnswersOwnConfig() throws IOException {
        bound = null;
        RemotingCommand resp = processor.answer(null, update("orderMessageEnable=true"));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("configuration service not available", resp.remark());
        assertEquals("1234", get().getProperty("listenPort"));
        assertNull(get().getProperty("orderMessageEnable"));
    }

    @Test
    void getWritesValuesThatReadBackExactlyAndUpdateRefusesMalformedText() throws IOException {
        service.values.put("productEnvName", " two\nlines #and \u4e2d");
        assertEquals(" two\nlines #and \u4e2d", get().getProperty("productEnvName"));

        RemotingCommand resp = processor.answer(null, update("orderMessageEnable=\\uZZZZ\n"));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertTrue(resp.remark().startsWith("UPDATE_NAMESRV_CONFIG body is not properties text: "), resp.remark());
        assertEquals("false", service.values.get("orderMessageEnable"));
    }
}
