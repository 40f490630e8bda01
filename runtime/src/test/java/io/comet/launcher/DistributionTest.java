package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {

    @TempDir
    Path tmp;

    @Test
    void levelsAreNumberedFoldersAndJarsInstallInNameOrder() throws Exception {
        Path home = FakeDistribution.create(tmp);
        FakeDistribution.bundle(home.resolve("bundle/1/asm.jar"), "org.objectweb.asm");
        FakeDistribution.bundle(home.resolve("bundle/10/late.jar"), "late");
        Files.writeString(home.resolve("bundle/1/README.txt"), "not a jar");
        Distribution d = Distribution.at(home);
        assertEquals(List.of(1, 2, 3, 10), List.copyOf(d.baseLevels().keySet()));
        assertEquals(List.of(home.resolve("bundle/1/asm.jar"), home.resolve("bundle/1/slf4j-api.jar")),
                d.baseLevels().get(1));
        assertEquals(11, d.featureLevel());
    }

    @Test
    void roleFeatureNeedsTheRoleBundleNotJustTheFolder() throws Exception {
        Distribution d = Distribution.at(FakeDistribution.create(tmp));
        assertEquals(List.of(tmp.resolve("feature/namesrv/comet-namesrv.jar")), d.featureBundles(Role.NAMESRV));
        String msg = assertThrows(LaunchException.class, () -> d.featureBundles(Role.BROKER)).getMessage();
        assertEquals("The broker role is not available in this build of Comet (its bundles are not built yet): "
                + "no io.comet.broker bundle in " + tmp.resolve("feature/broker"), msg);
    }

    @Test
    void brokerBecomesAvailableWithItsBundle() throws Exception {
        Path home = FakeDistribution.create(tmp);
        FakeDistribution.bundle(home.resolve("feature/broker/comet-broker.jar"), "io.comet.broker");
        assertEquals(3, Distribution.at(home).featureBundles(Role.BROKER).size());
    }

    @Test
    void aFolderWithoutBundlesIsNotADistribution() throws Exception {
        Files.createDirectories(tmp.resolve("bundle/1"));
        assertTrue(assertThrows(LaunchException.class, () -> Distribution.at(tmp)).getMessage()
                .contains("is not a Comet distribution"));
    }

    @Test
    void strayFolderInBundleIsNamed() throws Exception {
        Path home = FakeDistribution.create(tmp);
        Files.createDirectories(home.resolve("bundle/extra"));
        assertTrue(assertThrows(LaunchException.class, () -> Distribution.at(home)).getMessage()
                .contains("bundle/extra"));
    }
}
