package io.comet.config.internal;

import io.comet.config.ConfigText;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The text of a RocketMQ {@code .properties} file, kept line for line so that it can be edited without
 * disturbing what the operator wrote.
 *
 * <p><b>File format.</b> The syntax is {@link java.util.Properties#load(java.io.Reader)}'s, which is what
 * RocketMQ reads: one {@code key=value} (or {@code key: value}, or {@code key value}) per logical line;
 * lines whose first non-blank character is {@code #} or {@code !} are comments; a line ending in an odd
 * number of backslashes continues on the next line; <code>\t \n \r \f \\ &#92;uXXXX</code> escapes. RocketMQ reads
 * the bytes as ISO-8859-1, so does Comet: every byte maps to one character and a file survives a round
 * trip unchanged. Values are trimmed (RocketMQ trims them too). When a key occurs more than once the last
 * occurrence counts, as in {@code Properties}.
 *
 * <p><b>Editing.</b> {@link #with(Map)} replaces every logical line of each changed key by one
 * {@code key=value} line (keeping that line's terminator), removes the lines of keys set to {@code null},
 * and appends new keys at the end in the order given. Comments, blank lines, other keys and their order are
 * left byte for byte. Characters outside ISO-8859-1 are written as <code>&#92;uXXXX</code>.
 *
 * <p>Instances are immutable.
 */
final class PropertiesText {
    /** One logical line: its span in the text and, for an entry, its key (null for comments and blanks). */
    private record Line(int start, int end, String key, String value, String terminator) { }

    private final String text;
    private final List<Line> lines;

    private PropertiesText(String text, List<Line> lines) {
        this.text = text;
        this.lines = lines;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when a <code>&#92;u</code> escape is malformed (the message says so)
     */
    static PropertiesText parse(String text) {
        List<Line> lines = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int lineEnd = endOfContent(text, pos);
            int next = afterTerminator(text, lineEnd);
            String content = text.substring(pos, lineEnd);
            String stripped = stripLeading(content);
            if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!') {
                lines.add(new Line(pos, next, null, null, text.substring(lineEnd, next)));
                pos = next;
                continue;
            }
            int start = pos;
            while (endsWithOddBackslashes(content) && next < text.length()) {
                int contStart = next;
                lineEnd = endOfContent(text, contStart);
                next = afterTerminator(text, lineEnd);
                content = text.substring(contStart, lineEnd);
            }
            Map.Entry<String, String> entry = entryOf(text.substring(start, next));
            lines.add(new Line(start, next, entry == null ? null : entry.getKey(),
                    entry == null ? null : entry.getValue().trim(), text.substring(lineEnd, next)));
            pos = next;
        }
        return new PropertiesText(text, Collections.unmodifiableList(lines));
    }

    /** The text as parsed. */
    String text() {
        return text;
    }

    /** Key to trimmed value, in order of first appearance; for a repeated key the last value wins. */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Line line : lines) {
            if (line.key() != null) {
                values.put(line.key(), line.value());
            }
        }
        return values;
    }

    /** Keys in order of first appearance. */
    Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values().keySet()));
    }

    /**
     * The text with {@code changes} applied: key -> new value, or -> {@code null} to remove the key.
     * Only the lines of changed keys differ; new keys are appended.
     */
    PropertiesText with(Map<String, String> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.length() + 64 * changes.size());
        Set<String> written = new LinkedHashSet<>();
        for (Line line : lines) {
            String key = line.key();
            if (key == null || !changes.containsKey(key)) {
                out.append(text, line.start(), line.end());
                continue;
            }
            String value = changes.get(key);
            if (value != null) {
                out.append(format(key, value)).append(line.terminator());
            }
            written.add(key);
        }
        String newline = dominantTerminator();
        boolean appended = false;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (written.contains(change.getKey()) || change.getValue() == null) {
                continue;
            }
            if (!appended && out.length() > 0 && !endsWithTerminator(out)) {
                out.append(newline);
            }
            appended = true;
            out.append(format(change.getKey(), change.getValue())).append(newline);
        }
        return parse(out.toString());
    }

    /** {@code key=value} with the escapes {@code Properties.load} needs to read back exactly key and value. */
    static String format(String key, String value) {
        return ConfigText.line(key, value);
    }

    private String dominantTerminator() {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        for (Line line : lines) {
            switch (line.terminator()) {
                case "\r\n" -> crlf++;
                case "\n" -> lf++;
                case "\r" -> cr++;
                default -> { }
            }
        }
        if (crlf > lf && crlf >= cr) {
            return "\r\n";
        }
        return cr > lf ? "\r" : "\n";
    }

    private static boolean endsWithTerminator(CharSequence s) {
        char last = s.charAt(s.length() - 1);
        return last == '\n' || last == '\r';
    }

    private static Map.Entry<String, String> entryOf(String logicalLine) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(logicalLine));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (p.isEmpty()) {
            return null;
        }
        String key = p.stringPropertyNames().iterator().next();
        return Map.entry(key, p.getProperty(key));
    }

    private static int endOfContent(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int afterTerminator(String text, int lineEnd) {
        if (lineEnd >= text.length()) {
            return lineEnd;
        }
        if (text.charAt(lineEnd) == '\r' && lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\f')) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean endsWithOddBackslashes(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
