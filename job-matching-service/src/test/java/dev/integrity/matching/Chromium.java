package dev.integrity.matching;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real headless Chromium for page tests, driven through Selenium and the chromedriver beside it
 * (Debian's {@code chromium} and {@code chromium-driver}; {@code CHROME_BIN} and {@code CHROMEDRIVER}
 * name others). Where none is installed the test is skipped with a warning, except in CI (the
 * {@code CI} variable set), where .ci/run installs both and a missing browser fails the test.
 */
final class Chromium {

    private Chromium() {
    }

    static ChromeDriver start() {
        Optional<Path> browser = find("CHROME_BIN", List.of("chromium", "chromium-browser", "google-chrome"));
        Optional<Path> driver = find("CHROMEDRIVER", List.of("chromedriver"));
        if (browser.isEmpty() || driver.isEmpty()) {
            String missing = "no " + (browser.isEmpty() ? "chromium" : "chromedriver") + " found on PATH (install Debian's chromium and "
                    + "chromium-driver, or set CHROME_BIN and CHROMEDRIVER)";
            if (System.getenv("CI") != null) {
                Assertions.fail("CI is set but " + missing + ": the review page's browser test must run in CI");
            }
            System.err.println("WARNING: SKIPPING the review page's browser test: " + missing);
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        // --no-sandbox: build containers run as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> find(String variable, List<String> names) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
