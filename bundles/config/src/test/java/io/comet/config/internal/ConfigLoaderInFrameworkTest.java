package io.comet.config.internal;

import static io.comet.config.internal.SyncFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.config.NodeStopper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The config bundle in a real framework (Felix, SCR, ConfigAdmin, Metatype), installed the way the launcher does
 * it: every bundle installed and marked for start before the framework starts. A generated "role" bundle declares
 * PID {@code comet.test} by metatype XML. Shows the load waits for the framework start and writes typed values and
 * defaults, that ConfigService, file edits and direct ConfigAdmin changes stay in step, that a bundle installed
 * later gets its PID, and that a bad file stops the framework with the exit contract of docs/config.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigLoaderInFrameworkTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String[] PLATFORM = {
        "org.apache.felix.log.Activator", "org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
        "org.osgi.service.component.ComponentContext", "org.apache.felix.scr.impl.Activator",
        "org.apache.felix.cm.impl.ConfigurationManager", "org.apache.felix.metatype.internal.Activator"};

    @TempDir
    Path dir;
    private Framework framework;
    private BundleContext context;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
        System.clearProperty(FrameworkNodeStopper.EXIT_CODE);
        System.clearProperty(FrameworkNodeStopper.EXIT_REASON);
    }

    private void boot(Path conf) throws Exception {
        Map<String, String> config = new TreeMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17,org.osgi.service.cm;version=1.6.1");
        config.put(ConfigLoader.FILE, conf.toString());
        config.put(ConfigLoader.ROLE, "broker");
        config.put(ConfigLoader.DEBOUNCE, "20");
        config.put(ConfigLoader.POLL, "200");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.init();
        context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String className : PLATFORM) {
            bundles.add(context.installBundle(Class.forName(className).getProtectionDomain().getCodeSource()
                    .getLocation().toString()));
        }
        bundles.add(context.installBundle(roleBundle("io.comet.test.role", "comet.test",
                "<AD id='brokerName' type='String' default='broker-a'/>"
                        + "<AD id='listenPort' type='Integer' default='10911' min='0' max='65535'/>"
                        + "<AD id='flushDiskType' type='String' default='ASYNC_FLUSH'>"
                        + "<Option label='SYNC_FLUSH' value='SYNC_FLUSH'/><Option label='ASYNC_FLUSH' value='ASYNC_FLUSH'/>"
                        + "</AD>")));
        Path classes = Path.of(ConfigLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        bundles.add(context.installBundle("reference:" + classes.toUri()));
        for (Bundle bundle : bundles) {
            bundle.start(); // marks them for start: they start with the framework, as the launcher's do
        }
        framework.start();
    }

    private ConfigurationAdmin admin() {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        return context.getService(ref);
    }

    private Object value(String pid, String key) {
        try {
            Configuration[] all = admin().listConfigurations("(service.pid=" + pid + ")");
            Dictionary<String, Object> p = all == null ? null : all[0].getProperties();
            return p == null ? null : p.get(key);
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void loadsAtFrameworkStartAndKeepsFileAndConfigAdminInStep() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "# a test broker\nbrokerName=broker-x\nlistenPort=10920\n");
        boot(conf);
        await("comet.test to be configured", WAIT, () -> value("comet.test", "listenPort") != null);
        assertEquals(10920, value("comet.test", "listenPort"), "typed as metatype says");
        assertEquals("broker-x", value("comet.test", "brokerName"));
        assertEquals("ASYNC_FLUSH", value("comet.test", "flushDiskType"), "the default of a key not in the file");

        // all references: the test's class path has its own copy of the API class, so filtered lookups hide it
        await("ConfigService to be registered", WAIT, () -> configServiceRef() != null);
        ServiceReference<?> ref = configServiceRef();
        Object service = context.getService(ref);
        Class<?> api = ref.getBundle().loadClass("io.comet.config.ConfigService");
        assertEquals(conf.toString(), api.getMethod("file").invoke(service));
        assertEquals("comet.test", api.getMethod("pidOf", String.class).invoke(service, "listenPort"));
        Method update = api.getMethod("update", Map.class, String.class);
        update.invoke(service, Map.of("flushDiskType", "SYNC_FLUSH"), "test");
        assertEquals("SYNC_FLUSH", value("comet.test", "flushDiskType"));
        assertEquals("# a test broker\nbrokerName=broker-x\nlistenPort=10920\nflushDiskType=SYNC_FLUSH\n",
                Files.readString(conf));

        Files.writeString(conf, Files.readString(conf).replace("10920", "10921"));
        await("the file edit to reach ConfigAdmin", WAIT,
                () -> Integer.valueOf(10921).equals(value("comet.test", "listenPort")));

        Configuration c = admin().getConfiguration("comet.test", "?");
        Dictionary<String, Object> p = c.getProperties();
        p.put("brokerName", "broker-y");
        c.update(p);
        await("the ConfigAdmin change to reach the file", WAIT, () -> {
            try {
                return Files.readString(conf).contains("brokerName=broker-y");
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals("# a test broker\nbrokerName=broker-y\nlistenPort=10921\nflushDiskType=SYNC_FLUSH\n",
                Files.readString(conf));

        Bundle late = context.installBundle(roleBundle("io.comet.test.ha", "comet.testha",
                "<AD id='haListenPort' type='Integer' default='10912'/>"));
        late.start();
        await("the late bundle's PID to be configured", WAIT, () -> value("comet.testha", "haListenPort") != null);
        assertEquals(10912, value("comet.testha", "haListenPort"));
        assertNull(System.getProperty(FrameworkNodeStopper.EXIT_CODE));
    }

    @Test
    void aBadFileStopsTheFrameworkWithTheExitContract() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "brokerName=broker-x\nflushDiskType=FAST\n");
        boot(conf);
        framework.waitForStop(WAIT.toMillis());
        assertEquals(Bundle.RESOLVED, framework.getState(), "the config bundle stopped the framework");
        assertEquals("1", System.getProperty(FrameworkNodeStopper.EXIT_CODE));
        assertEquals("invalid value 'FAST' for flushDiskType in " + conf + ": valid values are SYNC_FLUSH, "
                + "ASYNC_FLUSH", System.getProperty(FrameworkNodeStopper.EXIT_REASON));
    }

    @Test
    void aNonNumericPortIsRefusedNamingTheDeclaredRange() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "listenPort=oops\n");
        boot(conf);
        framework.waitForStop(WAIT.toMillis());
        assertEquals("invalid value 'oops' for listenPort in " + conf + ": expected a whole number from 0 to 65535",
                System.getProperty(FrameworkNodeStopper.EXIT_REASON));
    }

    @Test
    void anUnknownKeyStopsTheFrameworkNamingTheNearestKey() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "brokerNam=broker-x\n");
        boot(conf);
        framework.waitForStop(WAIT.toMillis());
        assertEquals("1", System.getProperty(FrameworkNodeStopper.EXIT_CODE));
        assertTrue(System.getProperty(FrameworkNodeStopper.EXIT_REASON).startsWith("unknown key 'brokerNam' (value 'broker-x') in "
                + conf + " (did you mean brokerName? valid keys: brokerName, flushDiskType, listenPort)"),
                System.getProperty(FrameworkNodeStopper.EXIT_REASON));
    }

    @Test
    void theNodeStopperServiceStopsTheFrameworkWithTheGivenStatusAndReason() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "brokerName=broker-x\n");
        boot(conf);
        await("the NodeStopper service", WAIT, () -> serviceRef(NodeStopper.class.getName()) != null);
        // the bundle's own NodeStopper class (the test sees another copy): call it by reflection
        Object stopper = context.getService(serviceRef(NodeStopper.class.getName()));
        Method stop = stopper.getClass().getMethod("stop", int.class, String.class);
        assertThrows(IllegalArgumentException.class, () -> invoke(stop, stopper, 0, "no failure"));
        assertThrows(IllegalArgumentException.class, () -> invoke(stop, stopper, 1, " "));
        assertEquals(Bundle.ACTIVE, framework.getState(), "refused calls do not stop the node");

        stop.invoke(stopper, 3, "cannot listen on 127.0.0.1:9876: Address already in use");
        framework.waitForStop(WAIT.toMillis());
        assertEquals(Bundle.RESOLVED, framework.getState(), "the framework stopped");
        assertEquals("3", System.getProperty(NodeStopper.EXIT_CODE));
        assertEquals("cannot listen on 127.0.0.1:9876: Address already in use", System.getProperty(NodeStopper.EXIT_REASON));
    }

    private static void invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private ServiceReference<?> serviceRef(String type) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type, null);
            return refs == null ? null : refs[0];
        } catch (Exception e) {
            return null;
        }
    }

    private ServiceReference<?> configServiceRef() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences("io.comet.config.ConfigService", null);
            return refs == null ? null : refs[0];
        } catch (Exception e) {
            return null;
        }
    }

    /** A bundle with no code: a manifest and one metatype file declaring {@code pid} with the given ADs. */
    private Path roleBundleFile(String bsn, String pid, String ads) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        Path jar = dir.resolve(bsn + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("OSGI-INF/metatype/" + pid + ".xml"));
            j.write(("<?xml version='1.0' encoding='UTF-8'?>"
                    + "<metatype:MetaData xmlns:metatype='http://www.osgi.org/xmlns/metatype/v1.4.0'>"
                    + "<OCD id='" + pid + "' name='" + pid + "'>" + ads + "</OCD>"
                    + "<Designate pid='" + pid + "'><Object ocdref='" + pid + "'/></Designate>"
                    + "</metatype:MetaData>").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    private String roleBundle(String bsn, String pid, String ads) throws IOException {
        return roleBundleFile(bsn, pid, ads).toUri().toString();
    }

}
