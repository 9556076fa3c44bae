package dev.integrity.platform.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a benchmark's figures as an aligned table (and as Markdown for docs/benchmarks.md). */
public final class BenchTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public BenchTable(String... header) {
        this.header = List.of(header);
    }

    public BenchTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public void print() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
        out.append('\n').append("markdown:\n| ").append(String.join(" | ", header)).append(" |\n|");
        out.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        System.out.println(out);
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(c == 0 ? String.format("  %-" + width[c] + "s", cell) : String.format("  %" + width[c] + "s", cell));
        }
        out.append('\n');
    }

    private static String format(Object cell) {
        if (cell instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }
}
