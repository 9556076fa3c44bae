package dev.integrity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring component (k8s/components/monitoring, in prod): its ServiceMonitors select real
 * Service ports, its alerts are complete and pass their promtool unit tests, its dashboards are
 * well-formed and their queries parse. That every metric they read is served is LauncherIT's check,
 * against the packaged services.
 */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Pattern VECTOR = Pattern.compile("vector\\((\\d+)\\)");

    private static Rendered dev;
    private static Rendered prod;
    private static Rendered prodWithCnpg;

    @BeforeAll
    static void render() throws Exception {
        dev = Rendered.overlay("dev");
        prod = Rendered.overlay("prod");
        prodWithCnpg = Rendered.overlay("prod-cloudnative-pg");
    }

    @Test
    void prodCarriesTheMonitoringObjectsAndDevNone() {
        for (Rendered r : List.of(prod, prodWithCnpg)) {
            assertEquals(4, r.all(ServiceMonitor.class).size(), r.overlay);
            assertEquals(1, r.all(PrometheusRule.class).size(), r.overlay);
            ConfigMap dashboards = r.one(ConfigMap.class, "integrity-dashboards");
            assertEquals("1", dashboards.getMetadata().getLabels().get("grafana_dashboard"), "the label Grafana's sidecar loads");
            assertEquals(Set.of("overview.json", "device-service.json", "chat-session-service.json", "job-matching-service.json",
                    "inspection-service.json"), dashboards.getData().keySet());
        }
        // A development cluster need not run the Prometheus Operator: nothing there asks for its CRDs.
        assertTrue(dev.all(ServiceMonitor.class).isEmpty() && dev.all(PrometheusRule.class).isEmpty());
    }

    @Test
    void everyServiceMonitorSelectsOneRealServiceAndOneOfItsNamedPortsAndPrometheusMayReachIt() {
        for (Rendered r : List.of(prod, prodWithCnpg)) {
            for (ServiceMonitor monitor : r.all(ServiceMonitor.class)) {
                Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
                List<Service> selected = r.all(Service.class).stream()
                        .filter(s -> s.getMetadata().getLabels() != null && s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                        .toList();
                assertEquals(1, selected.size(), r.overlay + ": ServiceMonitor " + monitor.getMetadata().getName() + " selects " + selected.size());
                Set<String> ports = selected.get(0).getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet());
                for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
                    assertTrue(ports.contains(endpoint.getPort()), monitor.getMetadata().getName() + " scrapes port " + endpoint.getPort()
                            + ", the Service has " + ports);
                    assertEquals("/q/metrics", endpoint.getPath());
                }
            }
            NetworkPolicy scrape = r.one(NetworkPolicy.class, "integrity-services-metrics");
            assertEquals("api", scrape.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
            assertEquals("http", scrape.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal());
        }
    }

    @Test
    void everyAlertHasASummaryASeverityATeamARunbookSectionAndAUnitTestOfItsOwn() throws IOException {
        String runbooks = Files.readString(Rendered.repositoryDir().resolve("docs/operations.md"));
        String unitTests = Files.readString(promtoolTests());
        List<String> alerts = new ArrayList<>();
        for (Rule rule : rules()) {
            if (rule.getAlert() == null) {
                continue;
            }
            String alert = rule.getAlert();
            alerts.add(alert);
            assertFalse(rule.getAnnotations().getOrDefault("summary", "").isBlank(), alert + " has no summary");
            assertEquals("docs/operations.md#" + alert.toLowerCase(), rule.getAnnotations().get("runbook"), alert);
            assertTrue(runbooks.contains("\n### " + alert + "\n"), "docs/operations.md has no runbook section \"### " + alert + "\"");
            assertTrue(SEVERITIES.contains(rule.getLabels().get("severity")), alert + " severity " + rule.getLabels().get("severity"));
            assertFalse(rule.getLabels().getOrDefault("team", "").isBlank(), alert + " names no team to route to");
            assertTrue(unitTests.contains("alertname: " + alert + "\n"), alert + " has no promtool test in " + promtoolTests());
        }
        assertEquals(alerts.size(), new HashSet<>(alerts).size(), "alert names are unique: " + alerts);
        assertEquals(16, alerts.size(), alerts.toString());
    }

    @Test
    void everyCronJobMayGoTwiceItsScheduleWithoutSuccessBeforeItsAlertAndNoJobIsMissing() {
        Map<String, Long> maxAge = new TreeMap<>();
        for (Rule rule : rules()) {
            if ("platform:job_max_age_seconds".equals(rule.getRecord())) {
                Matcher m = VECTOR.matcher(rule.getExpr().getStrVal());
                assertTrue(m.matches(), rule.getExpr().getStrVal());
                maxAge.put(rule.getLabels().get("job_name"), Long.parseLong(m.group(1)));
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        for (CronJob job : prod.all(CronJob.class)) {
            expected.put(job.getMetadata().getName(), 2 * intervalSeconds(job.getSpec().getSchedule()));
        }
        assertEquals(expected, maxAge);
    }

    /** The interval of the cron shapes the CronJobs use: every N minutes, hourly, daily, weekly. */
    static long intervalSeconds(String schedule) {
        String[] f = schedule.trim().split("\\s+");
        assertEquals(5, f.length, schedule);
        if (f[0].startsWith("*/") && f[1].equals("*")) {
            return 60L * Integer.parseInt(f[0].substring(2));
        }
        assertTrue(f[0].matches("\\d+") && f[2].equals("*") && f[3].equals("*"), "an interval this test reads: " + schedule);
        if (f[1].equals("*")) {
            return 3_600;
        }
        return f[4].equals("*") ? 86_400 : 604_800;
    }

    @Test
    void intervalsAreReadAsCronMeansThem() {
        assertEquals(900, intervalSeconds("*/15 * * * *"));
        assertEquals(3_600, intervalSeconds("15 * * * *"));
        assertEquals(86_400, intervalSeconds("10 0 * * *"));
        assertEquals(604_800, intervalSeconds("0 4 * * 0"));
    }

    @Test
    void everyDashboardIsWellFormedAndEachPanelQueriesSomething() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoredMetrics.dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertTrue(uids.add(dashboard.path("uid").asText()), "uid unique: " + file);
            assertFalse(dashboard.path("title").asText().isBlank(), file.toString());
            assertTrue(dashboard.path("panels").size() >= 6, file + " has " + dashboard.path("panels").size() + " panels");
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + ": " + panel.path("title").asText();
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), where);
                JsonNode grid = panel.path("gridPos");
                assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, where + " fits Grafana's 24 columns");
                assertTrue(panel.path("targets").size() > 0, where);
                for (JsonNode target : panel.path("targets")) {
                    assertFalse(MonitoredMetrics.metricNames(target.path("expr").asText()).isEmpty(), where + " reads no metric");
                }
            }
        }
        assertEquals(5, uids.size());
    }

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertEquals(Set.of("agroal_active_count", "platform_datasource_max_size"), MonitoredMetrics.metricNames(
                "max by (namespace, service, pod) (agroal_active_count{namespace=\"$namespace\"} / platform_datasource_max_size) >= 0.9"));
        assertEquals(Set.of("platform_job_last_success_timestamp_seconds", "platform:job_max_age_seconds"), MonitoredMetrics.metricNames(
                "time() - max by (job_name) (platform_job_last_success_timestamp_seconds) > on (job_name) group_left () platform:job_max_age_seconds"));
        assertEquals(Set.of("device_imu_ingest_seconds_bucket"), MonitoredMetrics.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(device_imu_ingest_seconds_bucket{reason=~\"a|b\"}[5m])))"));
        assertEquals(Set.of("x_total"), MonitoredMetrics.metricNames("increase(x_total[1h]) > 1e3 or x_total offset 5m"));
    }

    /**
     * promtool, where it is installed (Debian's prometheus package; .ci/run installs it): the rules'
     * unit tests, and every dashboard query checked as PromQL by wrapping it in a recording rule.
     * Without promtool the test is skipped, loudly, except in CI, where it fails.
     */
    @Test
    void theAlertsPassTheirPromtoolUnitTestsAndEveryDashboardQueryParses() throws Exception {
        String promtool = promtool();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "promtool-");
        ObjectNode rules = YAML.createObjectNode();
        rules.set("groups", YAML.valueToTree(prod.all(PrometheusRule.class).get(0).getSpec().getGroups()));
        YAML.writeValue(dir.resolve("rules.yaml").toFile(), rules);
        Files.copy(promtoolTests(), dir.resolve("alerts-test.yaml"));
        ArrayNode queries = YAML.createArrayNode();
        int i = 0;
        for (Map.Entry<String, String> e : MonitoredMetrics.expressions().entrySet()) {
            if (e.getKey().startsWith("rule ")) {
                continue;
            }
            queries.addObject().put("record", "dashboard:query_" + i++).put("expr", e.getValue().replace("$namespace", "integrity"));
        }
        ObjectNode dashboards = YAML.createObjectNode();
        dashboards.putArray("groups").addObject().put("name", "dashboards").set("rules", queries);
        YAML.writeValue(dir.resolve("dashboards.yaml").toFile(), dashboards);

        run(dir, promtool, "check", "rules", "rules.yaml", "dashboards.yaml");
        String tested = run(dir, promtool, "test", "rules", "alerts-test.yaml");
        assertTrue(tested.contains("SUCCESS"), tested);
    }

    private static List<Rule> rules() {
        List<Rule> all = new ArrayList<>();
        for (RuleGroup group : prod.all(PrometheusRule.class).get(0).getSpec().getGroups()) {
            all.addAll(group.getRules());
        }
        return all;
    }

    private static Path promtoolTests() {
        return Rendered.k8sDir().resolve("src/test/resources/promtool/alerts-test.yaml");
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool").toString();
            }
        }
        String missing = "promtool is not installed (Debian: apt-get install prometheus); the alerts' unit tests did not run";
        if (System.getenv("CI") != null) {
            throw new AssertionError(missing + ", and CI must run them");
        }
        System.err.println("WARNING: " + missing);
        Assumptions.abort(missing);
        return null;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
