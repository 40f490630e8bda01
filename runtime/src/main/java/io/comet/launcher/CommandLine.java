package io.comet.launcher;

import java.util.List;
import java.util.Optional;

/**
 * What the user asked for on the command line, as RocketMQ's scripts take it.
 *
 * @param role          the node to start
 * @param configFile    {@code -c}: the RocketMQ properties file as typed, if given
 * @param namesrvAddrs  {@code -n}: name server addresses ({@code host:port}), in the order given; empty if absent
 * @param printConfig   {@code -p}: print the configuration and exit
 * @param help          {@code -h}: print the usage and exit
 * @param console       {@code --console}: run with an interactive Gogo shell on this terminal
 */
public record CommandLine(Role role, Optional<String> configFile, List<String> namesrvAddrs,
                          boolean printConfig, boolean help, boolean console) {

    public CommandLine {
        namesrvAddrs = List.copyOf(namesrvAddrs);
    }

    /** The {@code -n} list in RocketMQ's canonical form ({@code ;}-separated), or empty when not given. */
    public Optional<String> namesrvAddr() {
        return namesrvAddrs.isEmpty() ? Optional.empty() : Optional.of(String.join(";", namesrvAddrs));
    }
}
