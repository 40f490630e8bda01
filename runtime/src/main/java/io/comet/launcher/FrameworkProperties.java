package io.comet.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads the framework's launch properties from {@code etc/config.properties}.
 *
 * <p>File format: a Java properties file (ISO 8859-1, {@code key=value}, {@code #} comments). A value may
 * refer to system properties as {@code ${name}}, or {@code ${name:-default}} to fall back to a default;
 * references are replaced once, in the order they appear. A reference to a property that is not set and has no
 * default is an error naming the key, the reference and the file: the launcher never starts a framework with a
 * half-substituted path.
 */
public final class FrameworkProperties {

    private FrameworkProperties() {
    }

    /**
     * @param file   the properties file
     * @param lookup the values references resolve to (normally {@code System::getProperty})
     * @return the entries with every reference substituted, in no particular order
     * @throws LaunchException if the file cannot be read or a reference cannot be resolved
     */
    public static Map<String, String> load(Path file, Function<String, String> lookup) throws LaunchException {
        Properties raw = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            raw.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("cannot read framework properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            out.put(key, substitute(key, raw.getProperty(key), lookup, file));
        }
        return out;
    }

    static String substitute(String key, String value, Function<String, String> lookup, Path file)
            throws LaunchException {
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        while (true) {
            int start = value.indexOf("${", pos);
            if (start < 0) {
                sb.append(value, pos, value.length());
                return sb.toString();
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw new LaunchException("in " + file + ": " + key + "=" + value + " - unclosed '${'");
            }
            sb.append(value, pos, start);
            String ref = value.substring(start + 2, end);
            int dflt = ref.indexOf(":-");
            String name = dflt < 0 ? ref : ref.substring(0, dflt);
            String resolved = name.isEmpty() ? null : lookup.apply(name);
            if (resolved == null && dflt >= 0) {
                resolved = ref.substring(dflt + 2);
            }
            if (resolved == null) {
                throw new LaunchException("in " + file + ": " + key + "=" + value + " - ${" + ref
                        + "} refers to a system property that is not set");
            }
            sb.append(resolved);
            pos = end + 1;
        }
    }
}
