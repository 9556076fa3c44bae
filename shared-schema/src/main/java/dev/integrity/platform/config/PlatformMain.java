package dev.integrity.platform.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Every service's entry point: refuses to start, with one line per key, when a required key is
 * missing ({@link RequiredConfiguration}), then runs Quarkus as usual.
 */
@QuarkusMain
public final class PlatformMain {

    public static void main(String... args) {
        List<String> missing = RequiredConfiguration.missing(ConfigProvider.getConfig());
        if (!missing.isEmpty()) {
            missing.forEach(line -> System.err.println("ERROR " + line));
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
