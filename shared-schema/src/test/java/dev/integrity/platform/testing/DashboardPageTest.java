package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboards' preview ({@code ./dev dashboards}) draws every panel of the real dashboards, in their units. */
class DashboardPageTest {

    private static final Path DASHBOARDS = Path.of("..", "k8s", "components", "monitoring", "dashboards");

    @Test
    void everyPanelOfEveryDashboardIsDrawnWithItsQueryAnswered() throws Exception {
        Instant[] steps = {Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:00:10Z"), Instant.parse("2026-12-07T10:00:20Z")};
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(5, files.size(), "an overview and one dashboard per service");
        for (Path file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            List<String> asked = new ArrayList<>();
            String html = new DashboardPage(dashboard, Map.of("namespace", "integrity"), steps).html(new DashboardPage.Source() {
                @Override
                public List<Map.Entry<Map<String, String>, double[]>> range(String expr) {
                    asked.add(expr);
                    return List.of(new AbstractMap.SimpleEntry<>(Map.of("service", "device-service", "job_name", "imu-retention"),
                            new double[] {1, Double.NaN, 3}));
                }

                @Override
                public List<Map.Entry<Map<String, String>, Double>> instant(String expr) {
                    asked.add(expr);
                    return List.of(new AbstractMap.SimpleEntry<>(Map.of("service", "device-service"), 2.0));
                }
            });
            int targets = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                assertTrue(html.contains(">" + panel.path("title").asText().replace("&", "&amp;") + "</h2>"), panel.path("title").asText());
                targets += panel.path("targets").size();
            }
            assertEquals(targets, asked.size(), file + ": every target queried once");
            assertTrue(asked.stream().allMatch(e -> e.contains("namespace=\"integrity\"") && !e.contains("$")), file + ": " + asked);
            assertFalse(html.contains("No data"), file + ": every panel had an answer");
        }
    }

    @Test
    void aPanelWithoutAnswersSaysNoData() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree("""
                {"title":"t","panels":[{"type":"timeseries","title":"empty","gridPos":{"x":0,"y":0,"w":12,"h":8},
                 "targets":[{"expr":"up","legendFormat":"{{pod}}"}],"fieldConfig":{"defaults":{"unit":"s"}}}]}""");
        DashboardPage page = new DashboardPage(dashboard, Map.of(), new Instant[] {Instant.EPOCH, Instant.EPOCH.plusSeconds(5)});
        String html = page
                .html(new DashboardPage.Source() {
                    @Override
                    public List<Map.Entry<Map<String, String>, double[]>> range(String expr) {
                        return List.of(new AbstractMap.SimpleEntry<>(Map.of(), new double[] {Double.NaN, Double.NaN}));
                    }

                    @Override
                    public List<Map.Entry<Map<String, String>, Double>> instant(String expr) {
                        return List.of();
                    }
                });
        assertTrue(html.contains("<div class=\"nodata\">No data</div>"));
        assertEquals(List.of("empty"), page.empty());
    }

    @Test
    void valuesAreWrittenInTheirPanelsUnitsAsGrafanaWritesThem() {
        assertEquals("99.5%", DashboardPage.format(0.995, "percentunit"));
        assertEquals("12.3 req/s", DashboardPage.format(12.34, "reqps"));
        assertEquals("2.5 ms", DashboardPage.format(0.0025, "s"));
        assertEquals("5 min", DashboardPage.format(300, "s"));
        assertEquals("1.5 hour", DashboardPage.format(5400, "s"));
        assertEquals("512 MiB", DashboardPage.format(512.0 * 1024 * 1024, "bytes"));
        assertEquals("1.5 K", DashboardPage.format(1500, "short"));
        assertEquals("0", DashboardPage.format(0, "short"));
        assertEquals("–", DashboardPage.format(Double.NaN, "short"));
        assertEquals("∞", DashboardPage.format(Double.POSITIVE_INFINITY, "s"));
        assertThrows(IllegalArgumentException.class, () -> DashboardPage.format(1, "celsius"));
    }

    @Test
    void legendsTakeTheSeriesLabels() throws Exception {
        JsonNode target = new ObjectMapper().readTree("{\"legendFormat\":\"{{job_name}} {{outcome}}\"}");
        assertEquals("imu-retention failed", DashboardPage.legend(target, Map.of("job_name", "imu-retention", "outcome", "failed")));
        assertEquals("{pod=a}", DashboardPage.legend(new ObjectMapper().readTree("{}"), new java.util.TreeMap<>(Map.of("pod", "a"))));
    }
}
