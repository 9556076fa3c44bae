package dev.integrity.platform.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrapeTest {

    private static final Scrape TEXT = Scrape.parse("""
            # HELP platform_job_runs_total Maintenance job runs by outcome
            # TYPE platform_job_runs_total counter
            platform_job_runs_total{job_name="a",outcome="succeeded"} 3.0
            platform_job_runs_total{job_name="a",outcome="failed"} 1.0
            platform_job_runs_total{job_name="b",outcome="succeeded"} 2.0
            platform_job_last_success_timestamp_seconds{job_name="never"} NaN
            odd_labels_total{path="/a \\"quoted\\", comma",x="y"} 5.0
            process_uptime_seconds 12.5
            """);

    @Test
    void sumsTheSeriesWhoseLabelsIncludeTheGivenOnes() {
        assertEquals(5.0, TEXT.sum("platform_job_runs_total", "outcome", "succeeded"));
        assertEquals(6.0, TEXT.sum("platform_job_runs_total"));
        assertEquals(1.0, TEXT.sum("platform_job_runs_total", "job_name", "a", "outcome", "failed"));
    }

    @Test
    void valueWantsTheExactLabelSet() {
        assertEquals(12.5, TEXT.value("process_uptime_seconds"));
        assertEquals(5.0, TEXT.value("odd_labels_total", "path", "/a \"quoted\", comma", "x", "y"));
        assertTrue(Double.isNaN(TEXT.value("platform_job_last_success_timestamp_seconds", "job_name", "never")));
        assertThrows(AssertionError.class, () -> TEXT.value("platform_job_runs_total", "job_name", "a"));
    }

    @Test
    void aMissingSeriesIsAnErrorNotAZero() {
        AssertionError missing = assertThrows(AssertionError.class, () -> TEXT.sum("platform_job_runs_total", "job_name", "c"));
        assertTrue(missing.getMessage().contains("is not on /q/metrics"), missing.getMessage());
        assertThrows(AssertionError.class, () -> TEXT.sum("nothing_total"));
    }

    @Test
    void namesAreTheSeriesNamesServed() {
        assertEquals(java.util.Set.of("platform_job_runs_total", "platform_job_last_success_timestamp_seconds", "odd_labels_total",
                "process_uptime_seconds"), TEXT.names());
    }
}
