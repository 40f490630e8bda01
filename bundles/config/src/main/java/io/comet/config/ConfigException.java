package io.comet.config;

/** A configuration key or value was refused. The message names key, value, source and what is valid. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String value;
    private final String source;

    public ConfigException(String key, String value, String source, String whatIsValid) {
        super("invalid configuration in " + source + ": " + key + "=" + value + " - " + whatIsValid);
        this.key = key;
        this.value = value;
        this.source = source;
    }

    public String key() { return key; }
    public String value() { return value; }
    public String source() { return source; }
}
