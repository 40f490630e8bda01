package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {

    @TempDir
    Path tmp;

    private final Map<String, String> sys = Map.of("comet.run.dir", "/var/run/comet", "comet.node", "namesrv-9876");

    private Path file(String content) throws Exception {
        Path f = tmp.resolve("config.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void referencesAreReplacedBySystemProperties() throws Exception {
        Map<String, String> p = FrameworkProperties.load(file(
                "# comment\norg.osgi.framework.storage=${comet.run.dir}/${comet.node}.felix-cache\nplain = value\n"),
                sys::get);
        assertEquals("/var/run/comet/namesrv-9876.felix-cache", p.get("org.osgi.framework.storage"));
        assertEquals("value", p.get("plain"));
        assertEquals(2, p.size());
    }

    @Test
    void defaultIsUsedOnlyWhenThePropertyIsUnset() throws Exception {
        Map<String, String> p = FrameworkProperties.load(file("a=${felix.level:-1}\nb=${comet.node:-x}\n"), sys::get);
        assertEquals("1", p.get("a"));
        assertEquals("namesrv-9876", p.get("b"));
    }

    @Test
    void unsetReferenceNamesKeyReferenceAndFile() throws Exception {
        Path f = file("org.osgi.framework.storage=${nowhere}/cache\n");
        String msg = assertThrows(LaunchException.class, () -> FrameworkProperties.load(f, sys::get)).getMessage();
        assertTrue(msg.contains(f.toString()), msg);
        assertTrue(msg.contains("org.osgi.framework.storage=${nowhere}/cache"), msg);
        assertTrue(msg.contains("${nowhere} refers to a system property that is not set"), msg);
    }

    @Test
    void unclosedReferenceIsRefused() throws Exception {
        Path f = file("k=${comet.node\n");
        assertTrue(assertThrows(LaunchException.class, () -> FrameworkProperties.load(f, sys::get)).getMessage()
                .contains("unclosed"));
    }

    @Test
    void theDistributionsFileResolvesWithTheLauncherProperties() throws Exception {
        Path dist = Path.of("src/dist/etc/config.properties");
        Map<String, String> p = FrameworkProperties.load(dist, sys::get);
        assertEquals("/var/run/comet/namesrv-9876.felix-cache", p.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", p.get("org.osgi.framework.storage.clean"));
    }
}
