package io.comet.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds distribution folders with tiny bundle jars (manifest only) for tests that must not start anything. */
final class FakeDistribution {

    private FakeDistribution() {
    }

    /** A home with one bundle per base level 1..3, the namesrv feature, and a broker feature without the broker. */
    static Path create(Path home) throws IOException {
        bundle(home.resolve("bundle/1/slf4j-api.jar"), "slf4j.api");
        bundle(home.resolve("bundle/2/org.apache.felix.scr.jar"), "org.apache.felix.scr");
        bundle(home.resolve("bundle/3/comet-common.jar"), "io.comet.common");
        bundle(home.resolve("feature/namesrv/comet-namesrv.jar"), "io.comet.namesrv;singleton:=true");
        bundle(home.resolve("feature/broker/comet-store.jar"), "io.comet.store");
        bundle(home.resolve("feature/broker/comet-flush.jar"), "io.comet.flush");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/namesrv.properties"), "listenPort=9876\n");
        Files.writeString(home.resolve("conf/broker.conf"), "brokerName=broker-a\n");
        return home;
    }

    static void bundle(Path jar, String symbolicName) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
            jos.flush();
        }
    }
}
