package dev.integrity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The manifests, rendered and checked: what `kubectl apply -k` would send, not what the files look like. */
class ManifestTest {

    private static final List<String> SERVICES = List.of("device-service", "chat-session-service", "job-matching-service",
            "inspection-service");

    /** DESIGN.md's routing: URL prefix → service; and the dedup review page (seed 003), which DESIGN.md does not list. */
    private static final Map<String, String> ROUTES = Map.of(
            "/api/devices", "device-service", "/api/users", "device-service", "/ws/devices", "device-service",
            "/api/chat", "chat-session-service", "/api/matching", "job-matching-service", "/review", "job-matching-service",
            "/api/aeds", "inspection-service", "/api/inspections", "inspection-service",
            "/api/schedules", "inspection-service", "/api/monitoring", "inspection-service");

    private static final Pattern JOB_URL = Pattern.compile("http://([a-z0-9-]+):(\\d+)/admin/jobs/([a-z0-9-]+)/run");
    private static final Pattern JOB_NAME = Pattern.compile("String NAME = \"([a-z0-9-]+)\"");
    private static final Pattern WEBSOCKET = Pattern.compile("@WebSocket\\(path = \"([^\"]+)\"");
    /** A page: a resource class serving HTML, kept out of the OpenAPI document. */
    private static final Pattern PAGE = Pattern.compile("@Path\\(\"([^\"]+)\"\\)\\s+@Produces\\(MediaType\\.TEXT_HTML\\)");
    private static final Pattern GENERATED_SUFFIX = Pattern.compile("-[a-z0-9]{10}$");

    private static Rendered dev;
    private static Rendered prod;
    private static Rendered prodWithCnpg;

    @BeforeAll
    static void render() throws Exception {
        dev = Rendered.overlay("dev");
        prod = Rendered.overlay("prod");
        prodWithCnpg = Rendered.overlay("prod-cloudnative-pg");
    }

    private static List<Rendered> overlays() {
        return List.of(dev, prod, prodWithCnpg);
    }

    @Test
    void everyObjectParsesIntoTheKubernetesModelWithNoUnknownField() {
        for (Rendered r : overlays()) {
            assertEquals(List.of(), Rendered.unknownFields(r.objects), r.overlay);
            assertEquals(4, r.all(Deployment.class).size(), r.overlay);
        }
        assertEquals(1, prodWithCnpg.objects.stream().filter(o -> o.getKind().equals("Cluster")).count());
    }

    /**
     * In the cluster's PostgreSQL, as with any other (docs/deploy.md), each service's schemas are the
     * operator's to create, owned by the service's owner role, and no owner role is a member of the
     * database owner: none may create a schema, or anything in public.
     */
    @Test
    @SuppressWarnings("unchecked")
    void cloudNativePgCreatesEachServicesSchemasForItsOwnerWhichMayCreateNoOthers() {
        var cluster = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) prodWithCnpg.objects.stream()
                .filter(o -> o.getKind().equals("Cluster")).findFirst().orElseThrow();
        Map<String, Object> managed = (Map<String, Object>) ((Map<String, Object>) cluster.getAdditionalProperties().get("spec")).get("managed");
        List<Map<String, Object>> roles = (List<Map<String, Object>>) managed.get("roles");
        assertEquals(8, roles.size(), "an owner and an app role per service");
        for (Map<String, Object> role : roles) {
            assertEquals(null, role.get("inRoles"), role.get("name") + " is a member of nothing");
        }
        var database = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) prodWithCnpg.objects.stream()
                .filter(o -> o.getKind().equals("Database")).findFirst().orElseThrow();
        List<Map<String, Object>> schemas = (List<Map<String, Object>>) ((Map<String, Object>) database.getAdditionalProperties()
                .get("spec")).get("schemas");
        Map<String, Object> owners = new java.util.TreeMap<>();
        schemas.forEach(schema -> owners.put((String) schema.get("name"), schema.get("owner")));
        assertEquals(new java.util.TreeMap<>(Map.of(
                "device", "device_service_owner",
                "chatbot", "chat_session_service_owner", "ml_features", "chat_session_service_owner",
                "analytics", "chat_session_service_owner",
                "mlops", "job_matching_service_owner",
                "aedpics", "inspection_service_owner")), owners);
    }

    /**
     * The connection budget (docs/deploy.md): every replica the autoscalers may run, each with its
     * full pool, must fit. With CloudNativePG the pools go through the Pooler in transaction mode,
     * whose server connections, with an owner connection or two per replica (Flyway at start,
     * retention's DDL) and the reserved superuser slots, must fit the Cluster's max_connections.
     * Without a pooler (prod on your own PostgreSQL) the figure docs/deploy.md asks for is checked.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theConnectionBudgetFitsEveryReplicaTheAutoscalersMayRun() throws IOException {
        int pool = Integer.parseInt(prod.all(ConfigMap.class).get(0).getData().get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"));
        int replicas = 0;
        for (String service : SERVICES) {
            replicas += prod.one(HorizontalPodAutoscaler.class, service).getSpec().getMaxReplicas();
            for (Rendered r : List.of(prod, prodWithCnpg)) {
                assertEquals(null, env(r.one(Deployment.class, service), "QUARKUS_DATASOURCE_JDBC_MAX_SIZE"),
                        service + " takes its pool size from integrity-config, where the budget reads it");
            }
        }
        int clients = replicas * pool;
        int ownerConnections = OWNER_CONNECTIONS_PER_REPLICA * replicas;

        var pooler = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) prodWithCnpg.objects.stream()
                .filter(o -> o.getKind().equals("Pooler")).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) pooler.getAdditionalProperties().get("spec");
        Map<String, Object> bouncer = (Map<String, Object>) spec.get("pgbouncer");
        Map<String, String> parameters = (Map<String, String>) bouncer.get("parameters");
        assertEquals("transaction", bouncer.get("poolMode"), "the caller context is built for transaction pooling");
        assertTrue(clients <= Integer.parseInt(parameters.get("max_client_conn")),
                clients + " pooled connections, even all on one PgBouncer instance, fit its max_client_conn");
        // One pool per (database, role) pair in each PgBouncer instance: the four app roles.
        int server = (Integer) spec.get("instances") * SERVICES.size() * Integer.parseInt(parameters.get("default_pool_size"));
        var cluster = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) prodWithCnpg.objects.stream()
                .filter(o -> o.getKind().equals("Cluster")).findFirst().orElseThrow();
        Map<String, String> postgres = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) cluster
                .getAdditionalProperties().get("spec")).get("postgresql")).get("parameters");
        int maxConnections = Integer.parseInt(postgres.get("max_connections"));
        int needed = server + ownerConnections + SUPERUSER_RESERVED;
        System.out.printf("connection budget: %d replicas x pool %d = %d clients; with the Pooler %d server + %d owner + %d reserved"
                + " = %d <= max_connections %d; without one, %d%n", replicas, pool, clients, server, ownerConnections,
                SUPERUSER_RESERVED, needed, maxConnections, clients + ownerConnections + SUPERUSER_RESERVED);
        assertTrue(needed <= maxConnections, needed + " connections needed, max_connections " + maxConnections);
        for (Deployment d : prodWithCnpg.all(Deployment.class)) {
            assertEquals("jdbc:postgresql://" + pooler.getMetadata().getName() + ":5432/integrity",
                    env(d, "QUARKUS_DATASOURCE_JDBC_URL").getValue(), d.getMetadata().getName() + "'s pool goes through the Pooler");
            assertEquals("jdbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/integrity",
                    env(d, "QUARKUS_FLYWAY_JDBC_URL").getValue(), d.getMetadata().getName() + "'s migrations go to the primary");
            assertEquals("true", env(d, "PLATFORM_DB_TRANSACTION_POOLING").getValue(),
                    d.getMetadata().getName() + " sets its caller context per transaction behind the transaction pooler");
        }
        for (Deployment d : prod.all(Deployment.class)) {
            assertEquals(null, env(d, "PLATFORM_DB_TRANSACTION_POOLING"), "straight to PostgreSQL, the session is the pool's own");
        }

        String deployDoc = Files.readString(Rendered.repositoryDir().resolve("docs/deploy.md"));
        int withoutPooler = clients + ownerConnections + SUPERUSER_RESERVED;
        assertTrue(deployDoc.contains("`max_connections` of at least " + withoutPooler),
                "docs/deploy.md must ask your own PostgreSQL for `max_connections` of at least " + withoutPooler);
        assertTrue(deployDoc.contains(needed + " of its " + maxConnections), "docs/deploy.md must give the Pooler's budget: " + needed);
    }

    /** Flyway at start (it may hold two while it migrates) and retention's DDL, which run as the owner outside the pool. */
    private static final int OWNER_CONNECTIONS_PER_REPLICA = 2;
    /** PostgreSQL's superuser_reserved_connections default. */
    private static final int SUPERUSER_RESERVED = 3;

    private static EnvVar env(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst().orElse(null);
    }

    @Test
    void theStrictParserCatchesAMisspelledFieldAndAWrongType() throws IOException {
        String misspelled = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  replica: 2
                  selector:
                    matchLabels:
                      app: x
                  template:
                    metadata:
                      labels:
                        app: x
                    spec:
                      containers:
                        - name: x
                          image: x:1
                """;
        assertEquals(List.of("Deployment/x: spec.replica"), Rendered.unknownFields(Rendered.parse(misspelled)));
        String wrongType = misspelled.replace("replica: 2", "replicas: two");
        assertThrows(IOException.class, () -> Rendered.parse(wrongType));
    }

    @Test
    void everyDeploymentHasProbesResourcesAHardenedSecurityContextAndAGracefulShutdown() {
        for (Rendered r : overlays()) {
            int shutdownSeconds = seconds(r.all(ConfigMap.class).get(0).getData().get("QUARKUS_SHUTDOWN_TIMEOUT"));
            for (Deployment d : r.all(Deployment.class)) {
                String where = r.overlay + " " + d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where);
                Container c = pod.getContainers().get(0);
                assertProbe(c.getStartupProbe(), "/q/health/started", where);
                assertProbe(c.getLivenessProbe(), "/q/health/live", where);
                assertProbe(c.getReadinessProbe(), "/q/health/ready", where);
                assertNotNull(c.getResources().getRequests().get("cpu"), where);
                assertNotNull(c.getResources().getRequests().get("memory"), where);
                assertNotNull(c.getResources().getLimits().get("memory"), where);
                assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), where);
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), where);
                assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), where);
                String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                        .orElseThrow(() -> new AssertionError(where + ": no writable /tmp")).getName();
                assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow()
                        .getEmptyDir(), where + ": /tmp is an emptyDir");
                long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
                assertTrue(pod.getTerminationGracePeriodSeconds() > preStop + shutdownSeconds,
                        where + ": the grace period outlasts the preStop pause and Quarkus's shutdown timeout");
            }
        }
    }

    @Test
    void devRunsOneReplicaAndProdAtLeastTwoWithAnAutoscalerAndADisruptionBudget() {
        dev.all(Deployment.class).forEach(d -> assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName()));
        assertTrue(dev.all(HorizontalPodAutoscaler.class).isEmpty());
        for (Deployment d : prod.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            assertTrue(d.getSpec().getReplicas() >= 2, name);
            HorizontalPodAutoscaler hpa = prod.one(HorizontalPodAutoscaler.class, name);
            assertEquals(name, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, name);
            PodDisruptionBudget pdb = prod.one(PodDisruptionBudget.class, name);
            assertEquals(d.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels(), name);
        }
    }

    /**
     * docs/security.md: every service verifies tokens from an issuer; each has an admin token of its
     * own; and no admin token is ever in a process's arguments or environment of a CronJob: the
     * init container writes the header from the Secret's file, and curl reads it from memory.
     */
    @Test
    void everyServiceTrustsAnIssuerHasItsOwnAdminTokenAndNoCronJobPassesItInItsArguments() {
        for (Rendered r : overlays()) {
            String issuer = r.all(ConfigMap.class).get(0).getData().get("QUARKUS_OIDC_AUTH_SERVER_URL");
            assertNotNull(issuer, r.overlay + ": QUARKUS_OIDC_AUTH_SERVER_URL");
            assertTrue(issuer.startsWith("https://"), r.overlay + ": the issuer is reached over HTTPS: " + issuer);
            for (Deployment d : r.all(Deployment.class)) {
                String service = d.getMetadata().getName();
                var key = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getName().equals("PLATFORM_ADMIN_TOKEN")).findFirst()
                        .orElseThrow(() -> new AssertionError(service + ": no PLATFORM_ADMIN_TOKEN")).getValueFrom().getSecretKeyRef();
                assertEquals("integrity-admin", GENERATED_SUFFIX.matcher(key.getName()).replaceFirst(""), service);
                assertEquals(service, key.getKey(), r.overlay + " " + service + ": an admin token of its own");
            }
            for (CronJob cron : r.all(CronJob.class)) {
                String where = r.overlay + " " + cron.getMetadata().getName();
                PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
                for (Container c : concat(pod.getInitContainers(), pod.getContainers())) {
                    String argv = String.join(" ", concat(c.getCommand(), c.getArgs()));
                    assertFalse(argv.contains("$(PLATFORM_ADMIN_TOKEN)") || argv.contains("Bearer $("),
                            where + ": a token in the arguments: " + argv);
                    assertTrue(c.getEnv() == null || c.getEnv().stream().noneMatch(e -> e.getValueFrom() != null
                            && e.getValueFrom().getSecretKeyRef() != null), where + ": a Secret in the environment");
                }
                Container run = pod.getContainers().get(0);
                int header = run.getArgs().indexOf("--header");
                assertTrue(header >= 0 && run.getArgs().get(header + 1).startsWith("@/"), where + ": curl reads its header from a file");
                String service = JOB_URL.matcher(run.getArgs().stream().filter(a -> a.startsWith("http://")).findFirst().orElseThrow())
                        .replaceFirst("$1");
                var secret = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst()
                        .orElseThrow(() -> new AssertionError(where + ": no admin-token volume")).getSecret();
                assertEquals("integrity-admin", GENERATED_SUFFIX.matcher(secret.getSecretName()).replaceFirst(""), where);
                assertEquals(service, secret.getItems().get(0).getKey(), where + ": the token of the service it calls");
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a == null ? List.of() : a);
        all.addAll(b == null ? List.of() : b);
        return all;
    }

    @Test
    void theInProcessSchedulerIsOffInProdAndOnInDev() {
        assertEquals("false", prod.all(ConfigMap.class).get(0).getData().get("PLATFORM_JOBS_SCHEDULE"));
        assertEquals("true", dev.all(ConfigMap.class).get(0).getData().get("PLATFORM_JOBS_SCHEDULE"));
    }

    @Test
    void theIngressRoutesExactlyDesignsPrefixesEachToAServiceThatServesItAndNeverAdminOrQ() throws IOException {
        Map<String, Set<String>> served = new HashMap<>();
        for (String service : SERVICES) {
            served.put(service, servedPaths(service));
        }
        for (Rendered r : overlays()) {
            Map<String, String> routed = new TreeMap<>();
            for (Ingress ingress : r.all(Ingress.class)) {
                for (var rule : ingress.getSpec().getRules()) {
                    for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                        String service = p.getBackend().getService().getName();
                        assertFalse(p.getPath().startsWith("/admin") || p.getPath().startsWith("/q") || p.getPath().equals("/"),
                                r.overlay + ": " + p.getPath() + " must never be routed from outside");
                        assertEquals("Prefix", p.getPathType(), p.getPath());
                        assertEquals("http", p.getBackend().getService().getPort().getName(), p.getPath());
                        r.one(Service.class, service);
                        assertTrue(served.get(service).stream().anyMatch(s -> s.equals(p.getPath()) || s.startsWith(p.getPath() + "/")),
                                r.overlay + ": " + service + " serves nothing under " + p.getPath() + " (its OpenAPI paths: "
                                        + new TreeSet<>(served.get(service)) + ")");
                        routed.put(p.getPath(), service);
                    }
                }
            }
            assertEquals(new TreeMap<>(ROUTES), routed, r.overlay);
            Ingress socket = r.one(Ingress.class, "integrity-device-socket");
            assertTrue(Integer.parseInt(socket.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 3600);
        }
    }

    @Test
    void everyMaintenanceJobOfEveryServiceHasACronJobThatCallsItsRunnerSafely() throws IOException {
        Map<String, Set<String>> registered = new TreeMap<>();
        for (String service : SERVICES) {
            registered.put(service, jobNames(service));
        }
        for (Rendered r : overlays()) {
            Map<String, Set<String>> scheduled = new TreeMap<>();
            for (CronJob cron : r.all(CronJob.class)) {
                String where = r.overlay + " " + cron.getMetadata().getName();
                var spec = cron.getSpec();
                assertEquals("Forbid", spec.getConcurrencyPolicy(), where);
                assertNotNull(spec.getStartingDeadlineSeconds(), where);
                assertNotNull(spec.getSuccessfulJobsHistoryLimit(), where);
                assertNotNull(spec.getFailedJobsHistoryLimit(), where);
                assertNotNull(spec.getJobTemplate().getSpec().getBackoffLimit(), where);
                assertNotNull(spec.getJobTemplate().getSpec().getActiveDeadlineSeconds(), where);
                Container c = spec.getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
                assertTrue(c.getArgs().contains("--fail-with-body"), where + ": a failed run (500) fails the Job");
                String url = c.getArgs().stream().filter(a -> a.startsWith("http://")).findFirst().orElseThrow();
                Matcher m = JOB_URL.matcher(url);
                assertTrue(m.matches(), where + ": " + url);
                Service service = r.one(Service.class, m.group(1));
                assertEquals(Integer.parseInt(m.group(2)), service.getSpec().getPorts().get(0).getPort(), where);
                assertTrue(registered.get(m.group(1)).contains(m.group(3)), where + ": " + m.group(1) + " registers no job " + m.group(3));
                scheduled.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(3));
            }
            assertEquals(registered, scheduled, r.overlay + ": every registered job has its CronJob");
        }
    }

    @Test
    void everyReferencedConfigMapAndSecretKeyExistsAndProdsSecretsAreTheDocumentedOnes() throws IOException {
        // dev generates every Secret: every reference resolves inside the rendering.
        assertReferencesResolve(dev, true);
        // prod's Secrets are the operator's: its references are those dev defines, and deploy.md names each key.
        assertReferencesResolve(prod, false);
        Map<String, Set<String>> devSecrets = new HashMap<>();
        for (Secret s : dev.all(Secret.class)) {
            devSecrets.put(GENERATED_SUFFIX.matcher(s.getMetadata().getName()).replaceFirst(""), s.getData().keySet());
        }
        String deployDoc = Files.readString(Rendered.repositoryDir().resolve("docs/deploy.md"));
        for (String[] ref : secretRefs(prod)) {
            assertTrue(devSecrets.getOrDefault(ref[0], Set.of()).contains(ref[1]), "prod uses " + ref[0] + "/" + ref[1] + ", which dev does not define");
            assertTrue(deployDoc.contains(ref[0]) && deployDoc.contains(ref[1]), "docs/deploy.md must name " + ref[0] + "/" + ref[1]);
        }
        assertTrue(prod.all(Secret.class).isEmpty(), "no Secret is committed for prod");
    }

    @Test
    void prodPinsEveryImageAndDevNeverUsesLatestEither() {
        for (Rendered r : List.of(prod, prodWithCnpg, dev)) {
            for (String image : images(r)) {
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                assertFalse(tag.isEmpty() || tag.equals("latest") || tag.contains("/"), r.overlay + ": image " + image + " has no pinned tag");
            }
        }
    }

    @Test
    void networkPoliciesIsolateTheServicesAndTheMaintenancePods() {
        for (Rendered r : overlays()) {
            NetworkPolicy services = r.one(NetworkPolicy.class, "integrity-services");
            assertEquals(Map.of("app.kubernetes.io/component", "api"), services.getSpec().getPodSelector().getMatchLabels());
            assertEquals(List.of("Ingress", "Egress"), services.getSpec().getPolicyTypes());
            r.all(Deployment.class).forEach(d -> assertEquals("api",
                    d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component")));
            r.all(CronJob.class).forEach(c -> assertEquals("maintenance",
                    c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component")));
            NetworkPolicy maintenance = r.one(NetworkPolicy.class, "integrity-maintenance");
            assertEquals(List.of("Ingress", "Egress"), maintenance.getSpec().getPolicyTypes(), "maintenance pods accept nothing");
            assertTrue(maintenance.getSpec().getIngress() == null || maintenance.getSpec().getIngress().isEmpty());
        }
    }

    // --- helpers ---

    private static void assertProbe(Probe probe, String path, String where) {
        assertNotNull(probe, where + ": probe " + path);
        assertEquals(path, probe.getHttpGet().getPath(), where);
    }

    private static int seconds(String duration) {
        assertTrue(duration.matches("\\d+s"), "QUARKUS_SHUTDOWN_TIMEOUT in seconds, got " + duration);
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }

    /** The paths a service serves: its OpenAPI document's, plus its WebSocket endpoints and pages (not in OpenAPI). */
    private static Set<String> servedPaths(String service) throws IOException {
        Path openapi = Rendered.repositoryDir().resolve(service).resolve("target/openapi/openapi.json");
        if (!Files.exists(openapi)) {
            fail(openapi + " is missing: the services' builds store their OpenAPI documents; run the whole build (./mvnw verify)");
        }
        Set<String> paths = new HashSet<>();
        JsonNode doc = new ObjectMapper().readTree(openapi.toFile());
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        for (String source : sources(service)) {
            for (Pattern unlisted : List.of(WEBSOCKET, PAGE)) {
                Matcher m = unlisted.matcher(source);
                while (m.find()) {
                    paths.add(m.group(1));
                }
            }
        }
        return paths;
    }

    /** The job names a service registers: the NAME of each of its MaintenanceJob implementations. */
    private static Set<String> jobNames(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String source : sources(service)) {
            if (source.contains("implements MaintenanceJob")) {
                Matcher m = JOB_NAME.matcher(source);
                assertTrue(m.find(), "a MaintenanceJob without a NAME constant in " + service);
                names.add(m.group(1));
            }
        }
        assertFalse(names.isEmpty(), service + " registers no maintenance job");
        return names;
    }

    private static List<String> sources(String service) throws IOException {
        try (Stream<Path> files = Files.walk(Rendered.repositoryDir().resolve(service).resolve("src/main/java"))) {
            List<String> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.add(Files.readString(p));
            }
            return out;
        }
    }

    private static List<PodSpec> podSpecs(Rendered r) {
        List<PodSpec> pods = new ArrayList<>();
        r.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        r.all(CronJob.class).forEach(c -> pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        return pods;
    }

    private static List<String> images(Rendered r) {
        return podSpecs(r).stream().flatMap(p -> p.getContainers().stream()).map(Container::getImage).toList();
    }

    private static List<String[]> secretRefs(Rendered r) {
        List<String[]> refs = new ArrayList<>();
        for (PodSpec pod : podSpecs(r)) {
            for (Container c : pod.getContainers()) {
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        refs.add(new String[]{e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey()});
                    }
                }
            }
        }
        return refs;
    }

    private static void assertReferencesResolve(Rendered r, boolean secretsToo) {
        Map<String, Set<String>> configMaps = new HashMap<>();
        r.all(ConfigMap.class).forEach(c -> configMaps.put(c.getMetadata().getName(), c.getData().keySet()));
        Map<String, Set<String>> secrets = new HashMap<>();
        r.all(Secret.class).forEach(s -> secrets.put(s.getMetadata().getName(), s.getData().keySet()));
        for (PodSpec pod : podSpecs(r)) {
            for (Container c : pod.getContainers()) {
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertTrue(configMaps.containsKey(from.getConfigMapRef().getName()), r.overlay + ": " + from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null && secretsToo) {
                        assertTrue(secrets.containsKey(from.getSecretRef().getName()), r.overlay + ": " + from.getSecretRef().getName());
                    }
                }
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var cm = e.getValueFrom().getConfigMapKeyRef();
                    if (cm != null) {
                        assertTrue(configMaps.getOrDefault(cm.getName(), Set.of()).contains(cm.getKey()), r.overlay + ": " + cm.getName() + "/" + cm.getKey());
                    }
                    var secret = e.getValueFrom().getSecretKeyRef();
                    if (secret != null && secretsToo) {
                        assertTrue(secrets.getOrDefault(secret.getName(), Set.of()).contains(secret.getKey()),
                                r.overlay + ": " + secret.getName() + "/" + secret.getKey() + " is referenced but not defined");
                    }
                }
            }
        }
    }
}
