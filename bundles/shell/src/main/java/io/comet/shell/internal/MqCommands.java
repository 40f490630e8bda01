package io.comet.shell.internal;

import io.comet.common.StatusSource;
import io.comet.config.ConfigService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo commands of scope {@code mq}: {@code mq:status} and {@code mq:config} (see {@link ConfigCommand}).
 * Gogo finds them by the service properties {@code osgi.command.scope} and {@code osgi.command.function} and
 * prints the text they return.
 */
@Component(service = MqCommands.class, property = {
    "osgi.command.scope=mq",
    "osgi.command.function=status",
    "osgi.command.function=config"
})
public final class MqCommands {
    static final String ROLE = "comet.role";
    static final String CONFIG_FILE = "comet.config.file";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StatusSource> statusSources;

    private BundleContext context;
    private RemotingEndpoints endpoints;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.endpoints = RemotingEndpoints.open(context);
    }

    @Deactivate
    void deactivate() {
        if (endpoints != null) {
            endpoints.close();
        }
    }

    /** {@code mq:status}: role, uptime, configuration file, JVM, endpoints and every status source's figures. */
    public String status() {
        ConfigService config = configService;
        String file = config != null && config.file() != null ? config.file() : context.getProperty(CONFIG_FILE);
        List<StatusReport.Section> sections = new ArrayList<>();
        List<StatusSource> sources = statusSources;
        if (sources != null) {
            for (StatusSource source : sources) {
                sections.add(section(source));
            }
        }
        sections.sort((a, b) -> a.name().compareTo(b.name()));
        return new StatusReport(context.getProperty(ROLE),
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()), file, jvm(),
                endpoints == null ? null : endpoints.list(), sections).render();
    }

    /** {@code mq:config [get KEY | set KEY VALUE [KEY VALUE ...]]}. */
    public String config(String... args) {
        return ConfigCommand.run(configService, args == null ? List.of() : Arrays.asList(args));
    }

    static StatusReport.Section section(StatusSource source) {
        try {
            Map<String, Object> figures = source.status();
            return new StatusReport.Section(source.statusName(),
                    figures == null ? Map.of() : new LinkedHashMap<>(figures));
        } catch (RuntimeException e) {
            return new StatusReport.Section(String.valueOf(source.statusName()),
                    Map.of("error", "status unavailable: " + e));
        }
    }

    private static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version", "")
                + " (" + System.getProperty("java.vm.vendor", "") + ")";
    }
}
