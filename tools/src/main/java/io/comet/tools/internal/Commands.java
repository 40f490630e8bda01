package io.comet.tools.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Every mqadmin command, by name (sorted for the help list), plus the names RocketMQ users may also type. */
final class Commands {
    /** Other names of a command (the issue names {@code clusterRT} {@code clusterSendMsgRT}). */
    private static final Map<String, String> ALIASES = Map.of("clusterSendMsgRT", "clusterRT");
    private static final List<AdminCommand> ALL = build();

    private Commands() { }

    private static List<AdminCommand> build() {
        List<AdminCommand> all = new ArrayList<>();
        all.addAll(ClusterCommands.all());
        all.addAll(TopicCommands.all());
        all.addAll(NamesrvCommands.all());
        all.addAll(BrokerConfigCommands.all());
        all.addAll(ConsumerCommands.all());
        all.addAll(GroupCommands.all());
        all.addAll(MessageCommands.all());
        all.addAll(TrafficCommands.all());
        all.addAll(HaCommands.all());
        all.sort(Comparator.comparing(AdminCommand::name));
        return List.copyOf(all);
    }

    static List<AdminCommand> all() {
        return ALL;
    }

    static AdminCommand find(String name) {
        String n = ALIASES.getOrDefault(name, name);
        return ALL.stream().filter(c -> c.name().equals(n)).findFirst().orElse(null);
    }
}
