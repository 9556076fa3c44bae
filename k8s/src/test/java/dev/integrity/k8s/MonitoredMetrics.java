package dev.integrity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL of the monitoring component (k8s/components/monitoring): every expression of its
 * alerts and recording rules and every query of its dashboards, and the metric names they read.
 * {@code MonitoringTest} checks their shape; {@code LauncherIT} checks every name against what the
 * four packaged services really serve on {@code /q/metrics}.
 */
public final class MonitoredMetrics {

    /** Series that come from elsewhere in a cluster: Prometheus' own, and kube-state-metrics'. */
    public static final Set<String> EXTERNAL = Set.of("up", "kube_pod_status_ready");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoredMetrics() {
    }

    static Path component() {
        return Rendered.k8sDir().resolve("components/monitoring");
    }

    /** Each expression, keyed by where it stands ({@code rule MaintenanceJobFailed}, {@code overview.json: Pods up}). */
    public static TreeMap<String, String> expressions() throws IOException {
        TreeMap<String, String> all = new TreeMap<>();
        int i = 0;
        for (JsonNode rule : rules()) {
            String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText() + "#" + i;
            all.put("rule " + name, rule.path("expr").asText());
            i++;
        }
        for (Path dashboard : dashboards()) {
            for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    all.put(dashboard.getFileName() + ": " + panel.path("title").asText() + " " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        return all;
    }

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(component().resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The recording rules' names: read by expressions, made by Prometheus, exported by no one. */
    static Set<String> recorded() throws IOException {
        Set<String> records = new TreeSet<>();
        rules().stream().filter(rule -> rule.has("record")).forEach(rule -> records.add(rule.path("record").asText()));
        return records;
    }

    /** Every metric the expressions read that a service must serve (recorded and external series left out). */
    public static Set<String> served() throws IOException {
        Set<String> names = new TreeSet<>();
        expressions().values().forEach(expr -> names.addAll(metricNames(expr)));
        names.removeAll(recorded());
        names.removeAll(EXTERNAL);
        return names;
    }

    /**
     * The metric names one PromQL expression reads: its identifiers, less label matchers, string
     * literals, ranges, the label lists of by/without/on/ignoring/group_*, function names (an
     * identifier followed by a parenthesis), keywords and Grafana's {@code $variables}.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$[a-zA-Z_]+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            boolean call = s.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1)); // the e of 1e3, the m of 5m
            if (!call && !number && !KEYWORDS.contains(token.toLowerCase())) {
                names.add(token);
            }
        }
        return names;
    }

    /** Every rule of every group of rules.yaml, alerts and recording rules, in order. */
    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(component().resolve("rules.yaml").toFile()).path("spec").path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}
