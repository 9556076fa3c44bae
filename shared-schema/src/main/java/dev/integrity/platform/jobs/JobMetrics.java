package dev.integrity.platform.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * What an operator alerts on for the maintenance jobs (issue 16), on every service's {@code /q/metrics}:
 * <ul>
 *   <li>{@code platform_job_runs_total{job_name, outcome}}: runs by outcome, {@code succeeded},
 *       {@code failed}, or {@code skipped} (another replica held the job's lock, or had already run the
 *       schedule's fire time), each at 0 from the
 *       start so that a rate is defined before the first run;</li>
 *   <li>{@code platform_job_last_success_timestamp_seconds{job_name}}: when the job last succeeded, as
 *       Unix seconds ({@code time() - ...} is the age); read from {@code job_run} at start, so a
 *       restart does not look like a success, and NaN for a job that never succeeded.</li>
 * </ul>
 */
@ApplicationScoped
public class JobMetrics {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    /** Not {@code job}: Prometheus gives every scraped series a {@code job} of its own (the scrape job's). */
    static final String JOB = "job_name";

    static final String RUNS = "platform.job.runs";
    static final String LAST_SUCCESS = "platform.job.last.success.timestamp";
    static final List<String> OUTCOMES = List.of("succeeded", "failed", "skipped");

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Instant>> lastSuccess = new ConcurrentHashMap<>();

    @Inject
    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the jobs' series, each one's last success as the job_run table remembers it (one query for all). */
    void register(Collection<String> jobs) {
        Map<String, Instant> recorded = lastRecordedSuccesses();
        jobs.forEach(job -> register(job, recorded.get(job)));
    }

    private void register(String job, Instant recordedSuccess) {
        AtomicReference<Instant> last = lastSuccess.computeIfAbsent(job, name -> new AtomicReference<>(recordedSuccess));
        // A gauge registered again is the first one, still reading the state it was built on: one
        // left by an application that ran before in this JVM (the tests restart it) goes first.
        registry.find(LAST_SUCCESS).tag(JOB, job).gauges().forEach(registry::remove);
        Gauge.builder(LAST_SUCCESS, last, ref -> seconds(ref.get()))
                .description("When the maintenance job last succeeded, in Unix seconds; NaN if it never did")
                .baseUnit("seconds").tag(JOB, job).register(registry);
        for (String outcome : OUTCOMES) {
            counter(job, outcome);
        }
    }

    void succeeded(String job, Instant finishedAt) {
        counter(job, "succeeded").increment();
        lastSuccess.computeIfAbsent(job, name -> new AtomicReference<>()).set(finishedAt);
    }

    private static double seconds(Instant at) {
        return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
    }

    void failed(String job) {
        counter(job, "failed").increment();
    }

    void skipped(String job) {
        counter(job, "skipped").increment();
    }

    private Counter counter(String job, String outcome) {
        return Counter.builder(RUNS).description("Maintenance job runs by outcome (skipped: another replica held the job's lock or had run that fire time)")
                .tag(JOB, job).tag("outcome", outcome).register(registry);
    }

    private static Map<String, Instant> lastRecordedSuccesses() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> JobRun.getEntityManager()
                    .createQuery("select job, max(finishedAt) from JobRun where outcome = 'succeeded' group by job", Object[].class)
                    .getResultStream().collect(Collectors.toMap(row -> (String) row[0], row -> (Instant) row[1])));
        } catch (RuntimeException e) {
            LOG.warnf("could not read when the jobs last succeeded (%s); their metrics start empty", e.getClass().getSimpleName());
            return Map.of();
        }
    }
}
