package io.comet.shell.internal;

import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns, two spaces apart; the last column is not padded. */
final class Columns {
    private final List<String[]> rows = new ArrayList<>();
    private final String indent;

    Columns(String indent) {
        this.indent = indent;
    }

    Columns row(String... cells) {
        rows.add(cells.clone());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rows, each ending with a newline. */
    String render() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                width[i] = Math.max(width[i], String.valueOf(row[i]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                String cell = String.valueOf(row[i]);
                line.append(cell);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
