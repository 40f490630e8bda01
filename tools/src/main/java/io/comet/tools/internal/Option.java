package io.comet.tools.internal;

/**
 * One command line option, as RocketMQ's tools declare them.
 *
 * @param shortName   letter after {@code -}
 * @param longName    name after {@code --}
 * @param hasArg      whether a value follows
 * @param required    whether the command refuses to run without it
 * @param description the help text
 */
public record Option(String shortName, String longName, boolean hasArg, boolean required, String description) {
    /** An option with a value. */
    public static Option arg(String s, String l, boolean required, String description) {
        return new Option(s, l, true, required, description);
    }

    /** A switch without a value. */
    public static Option flag(String s, String l, String description) {
        return new Option(s, l, false, false, description);
    }

    String synopsis() {
        return "-" + shortName + (hasArg ? " <arg>" : "");
    }
}
