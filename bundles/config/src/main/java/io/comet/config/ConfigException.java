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

    private ConfigException(String message, String key, String value, String source, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
        this.source = source;
    }

    /**
     * An exception whose message is given whole, for errors whose wording does not fit the
     * {@code key=value - whatIsValid} pattern (an unknown key with suggestions, a missing file).
     *
     * @param message the complete, user-facing message
     * @param key     the refused key, or {@code null} when the error is not about one key (a missing file)
     * @param value   the refused value, or {@code null}
     * @param source  where the change came from (a file path, {@code mqadmin}, {@code gogo})
     */
    public static ConfigException withMessage(String message, String key, String value, String source) {
        return new ConfigException(message, key, value, source, null);
    }

    /** As {@link #withMessage(String, String, String, String)}, keeping the underlying cause (an I/O error). */
    public static ConfigException withMessage(String message, String key, String value, String source,
                                              Throwable cause) {
        return new ConfigException(message, key, value, source, cause);
    }

    public String key() { return key; }
    public String value() { return value; }
    public String source() { return source; }
}
