package io.comet.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON in the layout of fastjson's {@code PrettyFormat}, which RocketMQ's tool prints (e.g. topicRoute): tab
 * indentation, no space after the colon, null fields left out, bean fields sorted by name, empty objects and arrays
 * as {@code {}} and {@code []}, and maps with numeric keys written inline with the keys unquoted
 * ({@code {0:"127.0.0.1:10911",1:"..."}} followed by a new line before the closing brace).
 */
final class FastjsonText {
    private FastjsonText() { }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(out, node, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode node, int level) {
        if (node.isObject()) {
            writeObject(out, node, level);
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            String sep = "";
            for (JsonNode element : node) {
                out.append(sep).append('\n').append("\t".repeat(level + 1));
                write(out, element, level + 1);
                sep = ",";
            }
            out.append('\n').append("\t".repeat(level)).append(']');
        } else if (node.isTextual()) {
            out.append(node.toString());
        } else {
            out.append(node.asText());
        }
    }

    private static void writeObject(StringBuilder out, JsonNode node, int level) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                fields.add(e);
            }
        }
        if (fields.isEmpty()) {
            out.append("{}");
            return;
        }
        boolean numericKeys = fields.stream().allMatch(e -> e.getKey().matches("-?\\d+"));
        if (!numericKeys) {
            fields.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        String sep = "";
        for (Map.Entry<String, JsonNode> e : fields) {
            out.append(sep);
            if (numericKeys) {
                out.append(e.getKey());
            } else {
                out.append('\n').append("\t".repeat(level + 1)).append(new TextNode(e.getKey()));
            }
            out.append(':');
            write(out, e.getValue(), level + 1);
            sep = ",";
        }
        out.append('\n').append("\t".repeat(level)).append('}');
    }
}
