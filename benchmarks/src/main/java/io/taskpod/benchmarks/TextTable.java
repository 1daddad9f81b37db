package io.taskpod.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, columns as wide as their widest cell. */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; it must have as many cells as the header. */
    public TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + Arrays.toString(cells));
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table, a line per row, under the header and a rule. */
    public String render() {
        int[] widths = new int[header.size()];
        for (List<String> line : allLines()) {
            for (int column = 0; column < line.size(); column++) {
                widths[column] = Math.max(widths[column], line.get(column).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        appendLine(out, Arrays.stream(widths).mapToObj("-"::repeat).toList(), widths);
        rows.forEach(row -> appendLine(out, row, widths));
        return out.toString();
    }

    private List<List<String>> allLines() {
        List<List<String>> lines = new ArrayList<>(rows);
        lines.add(header);
        return lines;
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            String padding = " ".repeat(widths[column] - cell.length());
            out.append(column == 0 ? cell + padding : "  " + padding + cell);
        }
        out.append(System.lineSeparator());
    }
}
