package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Grafana dashboard (the JSON in k8s/components/monitoring/dashboards) drawn as a static HTML
 * page from a Prometheus: each panel where its {@code gridPos} puts it on Grafana's 24-column grid,
 * a time series as lines with its axis in the panel's unit and its legend table (last, max), a stat
 * as its last values, "No data" where a query returns nothing. Only what our dashboards use is
 * drawn (panel types {@code timeseries} and {@code stat}; units short, s, reqps, percentunit and
 * bytes; {@code $namespace}); anything else fails loudly rather than drawing something Grafana
 * would not. A preview for docs/, not Grafana: fonts and spacing differ, the queries and their
 * answers do not.
 */
final class DashboardPage {

    /** A series: its legend, and its values at the window's steps (NaN where it had none). */
    record Series(String legend, double[] values) {
    }

    /** Where the answers come from: a range query, and an instant query at the window's end. */
    interface Source {
        List<Map.Entry<Map<String, String>, double[]>> range(String expr);

        List<Map.Entry<Map<String, String>, Double>> instant(String expr);
    }

    static final int WIDTH = 1600;
    private static final int ROW = 30;
    private static final int GAP = 8;
    private static final String[] PALETTE = {"#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff",
        "#fade2a", "#96d98d", "#ff9830", "#ca95e5", "#ffa6b0"};
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final JsonNode dashboard;
    private final Map<String, String> variables;
    private final Instant[] steps;
    private final List<String> empty = new ArrayList<>();

    DashboardPage(JsonNode dashboard, Map<String, String> variables, Instant[] steps) {
        this.dashboard = dashboard;
        this.variables = variables;
        this.steps = steps;
    }

    /** The titles of the panels drawn as "No data" by the last {@link #html}: on a healthy platform, a query to look at. */
    List<String> empty() {
        return List.copyOf(empty);
    }

    /** The page's height in pixels, for the screenshot. */
    int height() {
        int rows = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            rows = Math.max(rows, panel.path("gridPos").path("y").asInt() + panel.path("gridPos").path("h").asInt());
        }
        return 64 + rows * (ROW + GAP) + GAP;
    }

    String html(Source source) {
        empty.clear();
        StringBuilder out = new StringBuilder(64_000);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(dashboard.path("title").asText()))
                .append("</title><style>")
                .append("body{margin:0;background:#111217;color:#ccccdc;font:12px Inter,'Helvetica Neue',Arial,sans-serif;width:").append(WIDTH)
                .append("px}header{height:48px;display:flex;align-items:center;gap:16px;padding:0 16px;border-bottom:1px solid #2c3235}")
                .append("header h1{font-size:17px;font-weight:500;margin:0;color:#d8d9da}header span{color:#8e8e8e}")
                .append(".grid{display:grid;grid-template-columns:repeat(24,1fr);grid-auto-rows:").append(ROW).append("px;gap:").append(GAP)
                .append("px;padding:").append(GAP).append("px}")
                .append(".panel{background:#181b1f;border:1px solid #2c3235;border-radius:2px;display:flex;flex-direction:column;overflow:hidden}")
                .append(".panel h2{font-size:13px;font-weight:500;margin:0;padding:6px 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:#d8d9da}")
                .append(".plot{flex:1;min-height:0}.legend{max-height:45%;overflow:hidden;padding:0 8px 4px}")
                .append(".legend table{width:100%;border-collapse:collapse}.legend td,.legend th{padding:1px 4px;text-align:right;white-space:nowrap}")
                .append(".legend th{color:#6e9fff;font-weight:500}.legend td:first-child,.legend th:first-child{text-align:left;width:100%;")
                .append("overflow:hidden;text-overflow:ellipsis;max-width:1px}.swatch{display:inline-block;width:14px;height:4px;border-radius:2px;")
                .append("margin-right:6px;vertical-align:middle}.nodata{flex:1;display:flex;align-items:center;justify-content:center;color:#8e8e8e;font-size:14px}")
                .append(".stat{flex:1;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-around;padding:4px}")
                .append(".stat div{text-align:center}.stat b{display:block;font-size:34px;font-weight:500;color:#73bf69}")
                .append("svg text{fill:#8e8e8e;font-size:10px}")
                .append("</style></head><body><header><h1>").append(escape(dashboard.path("title").asText())).append("</h1><span>namespace: ")
                .append(escape(variables.getOrDefault("namespace", ""))).append(" · ").append(CLOCK.format(steps[0])).append("–")
                .append(CLOCK.format(steps[steps.length - 1])).append(" UTC</span></header><div class=\"grid\">");
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode grid = panel.path("gridPos");
            out.append("<section class=\"panel\" style=\"grid-column:").append(grid.path("x").asInt() + 1).append(" / span ")
                    .append(grid.path("w").asInt()).append(";grid-row:").append(grid.path("y").asInt() + 1).append(" / span ")
                    .append(grid.path("h").asInt()).append("\"><h2>").append(escape(panel.path("title").asText())).append("</h2>");
            String unit = panel.path("fieldConfig").path("defaults").path("unit").asText("short");
            int before = out.length();
            int width = grid.path("w").asInt() * (WIDTH - GAP) / 24 - GAP - 2;
            int height = grid.path("h").asInt() * (ROW + GAP) - GAP - 30;
            switch (panel.path("type").asText()) {
                case "timeseries" -> timeseries(out, series(panel, source), unit, width, height);
                case "stat" -> stat(out, panel, source, unit);
                default -> throw new IllegalArgumentException("panel type " + panel.path("type").asText() + " is not drawn here");
            }
            if (out.indexOf("class=\"nodata\"", before) >= 0) {
                empty.add(panel.path("title").asText());
            }
            out.append("</section>");
        }
        return out.append("</div></body></html>").toString();
    }

    private List<Series> series(JsonNode panel, Source source) {
        List<Series> all = new ArrayList<>();
        for (JsonNode target : panel.path("targets")) {
            for (Map.Entry<Map<String, String>, double[]> result : source.range(expr(target))) {
                all.add(new Series(legend(target, result.getKey()), result.getValue()));
            }
        }
        return all;
    }

    private void stat(StringBuilder out, JsonNode panel, Source source, String unit) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode target : panel.path("targets")) {
            for (Map.Entry<Map<String, String>, Double> result : source.instant(expr(target))) {
                values.put(legend(target, result.getKey()), result.getValue());
            }
        }
        if (values.isEmpty()) {
            out.append("<div class=\"nodata\">No data</div>");
            return;
        }
        out.append("<div class=\"stat\">");
        values.forEach((legend, value) -> out.append("<div><b>").append(escape(format(value, unit))).append("</b>")
                .append(escape(legend)).append("</div>"));
        out.append("</div>");
    }

    private void timeseries(StringBuilder out, List<Series> series, String unit, int width, int height) {
        if (series.isEmpty() || series.stream().allMatch(s -> java.util.Arrays.stream(s.values()).allMatch(Double::isNaN))) {
            out.append("<div class=\"nodata\">No data</div>");
            return;
        }
        int legendRows = Math.min(series.size(), 6);
        int plotHeight = Math.max(60, height - 18 * (legendRows + 1) - 4);
        double max = Double.NEGATIVE_INFINITY;
        double min = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max <= min) {
            max = min + 1;
        }
        double tick = unit.equals("s") ? niceDuration((max - min) / 4) : niceStep((max - min) / 4);
        double top = Math.ceil(max / tick) * tick;
        double bottom = Math.floor(min / tick) * tick;
        int left = 58;
        int right = width - 8;
        int plotTop = 6;
        int plotBottom = plotHeight - 18;
        out.append("<svg class=\"plot\" width=\"").append(width).append("\" height=\"").append(plotHeight).append("\">");
        for (double y = bottom; y <= top + tick / 2; y += tick) {
            double py = plotBottom - (y - bottom) / (top - bottom) * (plotBottom - plotTop);
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2c3235\"/>", left, right, py, py))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", left - 6, py + 3))
                    .append(escape(format(y, unit))).append("</text>");
        }
        int labels = Math.max(2, (right - left) / 110);
        for (int i = 0; i < labels; i++) {
            int index = (int) Math.round((double) i * (steps.length - 1) / (labels - 1));
            double px = left + (double) index / (steps.length - 1) * (right - left);
            String anchor = i == 0 ? "start" : i == labels - 1 ? "end" : "middle";
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">", px, plotHeight - 4, anchor))
                    .append(CLOCK.format(steps[index])).append("</text>");
        }
        for (int s = 0; s < series.size(); s++) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            double[] values = series.get(s).values();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    pen = false;
                    continue;
                }
                double px = left + (double) i / (steps.length - 1) * (right - left);
                double py = plotBottom - (values[i] - bottom) / (top - bottom) * (plotBottom - plotTop);
                path.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
                pen = true;
            }
            out.append("<path fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(PALETTE[s % PALETTE.length]).append("\" d=\"")
                    .append(path).append("\"/>");
        }
        out.append("</svg><div class=\"legend\"><table><tr><th>Name</th><th>Last *</th><th>Max</th></tr>");
        for (int s = 0; s < series.size() && s < legendRows; s++) {
            double[] values = series.get(s).values();
            double last = Double.NaN;
            double most = Double.NaN;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    last = v;
                    most = Double.isNaN(most) ? v : Math.max(most, v);
                }
            }
            out.append("<tr><td><span class=\"swatch\" style=\"background:").append(PALETTE[s % PALETTE.length]).append("\"></span>")
                    .append(escape(series.get(s).legend())).append("</td><td>").append(escape(format(last, unit))).append("</td><td>")
                    .append(escape(format(most, unit))).append("</td></tr>");
        }
        if (series.size() > legendRows) {
            out.append("<tr><td>… ").append(series.size() - legendRows).append(" more</td><td></td><td></td></tr>");
        }
        out.append("</table></div>");
    }

    /** The target's expression with the dashboard's variables put in. */
    private String expr(JsonNode target) {
        String expr = target.path("expr").asText();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            expr = expr.replace("$" + variable.getKey(), variable.getValue());
        }
        if (expr.contains("$")) {
            throw new IllegalArgumentException("a variable this preview does not know: " + expr);
        }
        return expr;
    }

    /** Grafana's legend: {@code {{label}}} replaced by the series' label, or all labels when no format is given. */
    static String legend(JsonNode target, Map<String, String> labels) {
        String format = target.path("legendFormat").asText("");
        if (format.isEmpty() || format.equals("__auto")) {
            return labels.toString();
        }
        Matcher m = LEGEND_LABEL.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(out).toString();
    }

    /** A value in the panel's unit, as Grafana writes it. */
    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        return switch (unit) {
            case "percentunit" -> decimals(value * 100) + "%";
            case "reqps" -> decimals(value) + " req/s";
            case "s" -> duration(value);
            case "bytes" -> scaled(value, 1024, new String[] {" B", " KiB", " MiB", " GiB", " TiB"});
            case "short" -> scaled(value, 1000, new String[] {"", " K", " Mil", " Bil", " Tri"});
            default -> throw new IllegalArgumentException("unit " + unit + " is not drawn here");
        };
    }

    private static String duration(double seconds) {
        double abs = Math.abs(seconds);
        if (abs == 0) {
            return "0 s";
        }
        if (abs < 0.001) {
            return decimals(seconds * 1_000_000) + " µs";
        }
        if (abs < 1) {
            return decimals(seconds * 1000) + " ms";
        }
        if (abs < 60) {
            return decimals(seconds) + " s";
        }
        if (abs < 3600) {
            return decimals(seconds / 60) + " min";
        }
        if (abs < 86_400) {
            return decimals(seconds / 3600) + " hour";
        }
        return decimals(seconds / 86_400) + " day";
    }

    private static String scaled(double value, double base, String[] suffixes) {
        int i = 0;
        while (Math.abs(value) >= base && i < suffixes.length - 1) {
            value /= base;
            i++;
        }
        return decimals(value) + suffixes[i];
    }

    /** Up to three significant digits, without trailing zeros. */
    private static String decimals(double value) {
        double abs = Math.abs(value);
        int places = abs >= 100 || abs == 0 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
        String text = String.format(Locale.ROOT, "%." + places + "f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** For durations: a step a clock reads easily (seconds, minutes, hours, days), at least {@code raw} seconds. */
    private static double niceDuration(double raw) {
        for (double step : new double[] {60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800}) {
            if (raw <= step && raw > 30) {
                return step;
            }
        }
        return raw <= 30 ? niceStep(raw) : niceStep(raw / 86_400) * 86_400;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
