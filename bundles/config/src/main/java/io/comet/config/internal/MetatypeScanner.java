package io.comet.config.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Builds the {@link KeyCatalog} from the metatype of the installed bundles: every singleton PID whose name
 * starts with {@code comet.} and the ids of all its attributes. Bundles that are only installed (not resolved)
 * are skipped; factory PIDs are not read from the properties file.
 */
final class MetatypeScanner implements Supplier<KeyCatalog> {
    static final String PID_PREFIX = "comet.";

    private final BundleContext context;
    private final MetaTypeService metatype;

    MetatypeScanner(BundleContext context, MetaTypeService metatype) {
        this.context = context;
        this.metatype = metatype;
    }

    @Override
    public KeyCatalog get() {
        // Bundles of higher start levels may be installed but not resolved yet (Felix resolves lazily, and a
        // pax-exam container installs before it starts): resolve what can be resolved so their metatype counts.
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (wiring != null) {
            wiring.resolveBundles(null);
        }
        Map<String, List<AttributeDefinition>> byPid = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if ((bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
                continue;
            }
            MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
            if (info == null || info.getPids() == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                if (!pid.startsWith(PID_PREFIX)) {
                    continue;
                }
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
                if (ads != null) {
                    byPid.merge(pid, Arrays.asList(ads), (a, b) -> {
                        throw new IllegalStateException("PID " + pid + " has metatype in more than one bundle");
                    });
                }
            }
        }
        return KeyCatalog.of(byPid);
    }
}
