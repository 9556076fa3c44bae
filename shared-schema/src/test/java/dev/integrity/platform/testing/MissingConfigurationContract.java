package dev.integrity.platform.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, started as a user would with nothing configured, or with an app role and no
 * owner: it exits at once with one line per missing key, naming the key, its environment variable
 * and what it is for, and no stack trace. A service's {@code *IT} extends this.
 */
public abstract class MissingConfigurationContract {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void withNothingConfiguredTheJarNamesTheDatasourceKeysAndExits() throws Exception {
        Result result = run(List.of());
        assertEquals(2, result.exit(), result.output());
        assertEquals(List.of(
                "ERROR quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL) is not set: the PostgreSQL this service keeps "
                        + "its data in, for example jdbc:postgresql://db.example:5432/integrity",
                "ERROR quarkus.datasource.username (QUARKUS_DATASOURCE_USERNAME) is not set: the PostgreSQL role the service "
                        + "connects as (with QUARKUS_DATASOURCE_PASSWORD)"), result.lines());
    }

    @Test
    void anAppRoleWithoutAnOwnerNamesTheOwnerKey() throws Exception {
        Result result = run(List.of("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                "-Dquarkus.datasource.username=app", "-Dplatform.db.app-role=app"));
        assertEquals(2, result.exit(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.lines().get(0).startsWith("ERROR quarkus.flyway.username (QUARKUS_FLYWAY_USERNAME) is not set: "
                + "the owner role that runs the migrations"), result.output());
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Result run(List<String> properties) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the *IT tests run after package");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The environment a user starts with: none of the platform's own variables.
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("PLATFORM_"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar was still running after 60 s: " + readAll(process));
        }
        return new Result(process.exitValue(), readAll(process));
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
