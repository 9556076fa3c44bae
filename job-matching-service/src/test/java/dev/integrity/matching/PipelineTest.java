package dev.integrity.matching;

import dev.integrity.matching.repository.PipelineRepository;
import dev.integrity.matching.service.PipelineService;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline queue: SKIP LOCKED claims, runs, failures, retries and reclaims. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PipelineTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("matching-operator-tests", Roles.MATCHING_OPERATOR);
    }

    @Inject
    PipelineRepository queue;

    @Inject
    PipelineService pipeline;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "platform.admin-token")
    String adminToken;

    /** The seed's nightly DAG, as its CronJob calls it: one FULL_PIPELINE queued, and no second while it waits. */
    @Test
    void theNightlyJobQueuesOneFullPipelineAndNoSecondWhileItIsPending() throws Exception {
        execute("UPDATE mlops.pipeline_jobs SET status = 'failed' WHERE status IN ('queued', 'running')");
        int queued = given().header("Authorization", "Bearer " + adminToken).post("/admin/jobs/matching-nightly-pipeline/run")
                .then().statusCode(200).body("outcome", equalTo("succeeded")).body("rowsAffected", equalTo(1))
                .extract().path("detail.pipelineJobId");
        given().get("/api/matching/pipeline/jobs/{id}", queued).then().statusCode(200).body("type", equalTo("FULL_PIPELINE"))
                .body("status", equalTo("queued")).body("requestedBy", equalTo("job:matching-nightly-pipeline"));

        given().header("Authorization", "Bearer " + adminToken).post("/admin/jobs/matching-nightly-pipeline/run")
                .then().statusCode(200).body("outcome", equalTo("succeeded")).body("rowsAffected", equalTo(0));
        assertEquals(1, Counts.of(dataSource, "SELECT count(*) FROM mlops.pipeline_jobs WHERE type = 'FULL_PIPELINE' AND status = 'queued'"));

        execute("UPDATE mlops.pipeline_jobs SET status = 'running', started_at = now(), heartbeat_at = now() WHERE id = " + queued);
        given().header("Authorization", "Bearer " + adminToken).post("/admin/jobs/matching-nightly-pipeline/run")
                .then().statusCode(200).body("rowsAffected", equalTo(0));
        execute("UPDATE mlops.pipeline_jobs SET status = 'failed' WHERE id = " + queued);
    }

    @Test
    void twoWorkersNeverClaimTheSameJob() throws Exception {
        execute("UPDATE mlops.pipeline_jobs SET status = 'failed' WHERE status IN ('queued', 'running')");
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            given().contentType(ContentType.JSON).body("{\"type\":\"RECOMMEND\"}").post("/api/matching/pipeline/jobs")
                    .then().statusCode(202).body("status", equalTo("queued"));
        }
        CyclicBarrier together = new CyclicBarrier(2);
        List<Callable<List<Long>>> workers = new ArrayList<>();
        for (String name : List.of("worker-a", "worker-b")) {
            workers.add(() -> {
                together.await(30, TimeUnit.SECONDS);
                List<Long> mine = new ArrayList<>();
                Optional<PipelineRepository.Claimed> claimed;
                while ((claimed = queue.claim(name)).isPresent()) {
                    mine.add(claimed.get().id());
                }
                return mine;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> claimed : pool.invokeAll(workers, 60, TimeUnit.SECONDS)) {
                all.addAll(claimed.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> distinct = new HashSet<>(all);
        assertEquals(jobs, all.size(), "every queued job was claimed");
        assertEquals(all.size(), distinct.size(), "and none twice");
        assertEquals(0, count("SELECT count(*) FROM mlops.pipeline_jobs WHERE attempts > 1"));
    }

    @Test
    void aFullPipelineJobRunsDedupThenRecommendationsAndRecordsItsCounts() {
        String u = MatchingApi.unique();
        MatchingApi.coverLetter("https://pipe.example/" + u, "Acme", "rust developer", MatchingApi.letter("rust" + u));
        MatchingApi.posting("https://pipe-jobs.example/" + u, "Acme", "Rust developer", "Write rust services " + u);
        int id = given().contentType(ContentType.JSON).body("{\"type\":\"FULL_PIPELINE\"}").post("/api/matching/pipeline/jobs")
                .then().statusCode(202).body("jobId", notNullValue()).body("requestedBy", equalTo("matching-operator-tests"))
                .extract().path("jobId");
        drainQueue();
        int run = given().get("/api/matching/pipeline/jobs/{id}", id).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("result.dedupRunId", notNullValue())
                .body("result.coverLettersRecommended", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("finishedAt", notNullValue()).extract().path("result.dedupRunId");
        // The worker's dedup run, and so its merges, are answered for by whoever queued the job.
        given().get("/api/matching/dedup/runs/{id}", run).then().statusCode(200).body("requestedBy", equalTo("matching-operator-tests"));
        given().contentType(ContentType.JSON).body("{\"type\":\"SOMETHING\"}").post("/api/matching/pipeline/jobs")
                .then().statusCode(400).body("errors[0].field", equalTo("type"));
    }

    @Test
    void aJobLeftRunningByADeadWorkerIsReclaimedAndAFailedJobCanBeRetried() throws SQLException {
        long stale = count("INSERT INTO mlops.pipeline_jobs (type, status, attempts, started_at, heartbeat_at, claimed_by) "
                + "VALUES ('RECOMMEND', 'running', 1, now() - interval '1 hour', now() - interval '1 hour', 'dead-pod') RETURNING id");
        long exhausted = count("INSERT INTO mlops.pipeline_jobs (type, status, attempts, started_at, heartbeat_at, claimed_by) "
                + "VALUES ('RECOMMEND', 'running', 3, now() - interval '1 hour', now() - interval '1 hour', 'dead-pod') RETURNING id");
        assertTrue(queue.reclaim(Duration.ofMinutes(5), 3) >= 2);
        given().get("/api/matching/pipeline/jobs/{id}", stale).then().body("status", equalTo("queued"));
        String failed = given().get("/api/matching/pipeline/jobs/{id}", exhausted).then().body("status", equalTo("failed"))
                .body("errorType", equalTo("urn:integrity:problem:abandoned")).body("errorId", nullValue())
                .extract().asString();
        assertFalse(failed.contains("dead-pod"), "no pod names in a job's view: " + failed);

        given().post("/api/matching/pipeline/jobs/{id}/retry", exhausted).then().statusCode(200).body("status", equalTo("queued"));
        given().post("/api/matching/pipeline/jobs/{id}/retry", exhausted).then().statusCode(409).contentType("application/problem+json");
        given().get("/api/matching/pipeline/jobs/{id}", 999_999_999).then().statusCode(404);
        drainQueue();
        given().get("/api/matching/pipeline/jobs/{id}", exhausted).then().body("status", equalTo("succeeded"));
    }

    @Test
    void aFailedJobAndItsDedupRunShowAProblemTypeAndTheLogsErrorIdNeverTheExceptionText() throws SQLException {
        String secret = "SELECT secret FROM mlops.cover_letters on pod matching-7f9c";
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                java.io.StringWriter trace = new java.io.StringWriter();
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                }
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(record) + " " + trace);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.integrity.matching.service.DedupService");
        // As the schema's owner, a trigger that refuses to let a dedup run succeed, with SQL in its message.
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION mlops.refuse_success() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.status = 'succeeded' THEN RAISE EXCEPTION '" + secret + "'; END IF; RETURN NEW; END $$");
            s.execute("CREATE TRIGGER refuse_success BEFORE UPDATE ON mlops.dedup_runs FOR EACH ROW EXECUTE FUNCTION mlops.refuse_success()");
        }
        log.addHandler(capture);
        int id;
        try {
            id = given().contentType(ContentType.JSON).body("{\"type\":\"DEDUP\"}").post("/api/matching/pipeline/jobs")
                    .then().statusCode(202).extract().path("jobId");
            drainQueue();
        } finally {
            log.removeHandler(capture);
            try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER refuse_success ON mlops.dedup_runs");
                s.execute("DROP FUNCTION mlops.refuse_success()");
            }
        }
        String job = given().get("/api/matching/pipeline/jobs/{id}", id).then().statusCode(200)
                .body("status", equalTo("failed")).body("errorType", equalTo("urn:integrity:problem:internal"))
                .body("errorId", notNullValue()).extract().asString();
        long runId = count("SELECT max(id) FROM mlops.dedup_runs WHERE trigger = 'pipeline'");
        String run = given().get("/api/matching/dedup/runs/{id}", runId).then().statusCode(200)
                .body("status", equalTo("failed")).body("errorType", equalTo("urn:integrity:problem:internal"))
                .extract().asString();
        String runErrorId = given().get("/api/matching/dedup/runs/{id}", runId).then().extract().path("errorId");
        for (String view : List.of(job, run)) {
            assertFalse(view.contains("secret") || view.contains("SELECT") || view.contains("matching-7f9c"), view);
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains(runErrorId) && l.contains(secret)),
                "the log keeps the text under the run's error id: " + logged);
    }

    private void drainQueue() {
        while (pipeline.work().isPresent()) {
            // run every queued job, as the scheduled worker does
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }
}
