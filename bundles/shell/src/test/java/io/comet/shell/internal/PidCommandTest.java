package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@code mq:pid}: configurations by PID, as ConfigAdmin holds them. */
class PidCommandTest {
    private static Configuration config(String pid, Map<String, Object> values) {
        Hashtable<String, Object> props = new Hashtable<>(values);
        props.put("service.pid", pid);
        return (Configuration) Proxy.newProxyInstance(PidCommandTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, a) -> switch (m.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> props;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ConfigurationAdmin admin(Configuration... configs) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(PidCommandTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> {
                    if (m.getName().equals("listConfigurations")) {
                        return configs.length == 0 ? null : configs;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private final ConfigurationAdmin admin = admin(
            config("comet.store", Map.of("storePathRootDir", "/data/store", "mappedFileSizeCommitLog", 1073741824)),
            config("comet.flush", Map.of("flushDiskType", "SYNC_FLUSH", "list", new String[] {"a", "b"})));

    @Test
    void listsPidsWithTheirKeyCounts() {
        assertEquals("PID          KEYS\ncomet.flush  3\ncomet.store  3\n2 configurations",
                PidCommand.run(admin, List.of()));
        assertEquals("PID  KEYS\n0 configurations", PidCommand.run(admin(), List.of()));
    }

    @Test
    void showsOneConfigurationSorted() {
        assertEquals("comet.flush\nKEY            VALUE\nflushDiskType  SYNC_FLUSH\nlist           a,b\n"
                + "service.pid    comet.flush", PidCommand.run(admin, List.of("comet.flush")));
        assertEquals("no configuration with PID 'comet.nope': 'mq:pid' lists them",
                PidCommand.run(admin, List.of("comet.nope")));
        assertEquals("ConfigurationAdmin is not available in this node.", PidCommand.run(null, List.of()));
    }
}
