package dev.integrity.matching;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dedup review page (seed 003) in a real headless Chromium: an operator signs in with a token,
 * sees two waiting pairs side by side with their differences marked, merges one with the mouse and
 * dismisses the other with the keyboard; the database shows both decisions, and the merge re-pointed
 * what the page said it would. The page works on a phone's width. Screenshots go to
 * target/screenshots (docs/ holds copies).
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ReviewPageTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/review")
    URL page;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void thePageIsPublicAndEmptyItsDataAsksForTheOperatorRole() {
        TestIssuer.anonymous();
        given().get("/review").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("Duplicate review")).body(not(containsString("<article")));
        given().get("/review/candidates").then().statusCode(401).contentType("application/problem+json");
        given().get("/review/stats").then().statusCode(401).contentType("application/problem+json");
        String crawler = TestIssuer.bearer(TestIssuer.tokenOfSomeone(Roles.MATCHING_CRAWLER));
        given().header("Authorization", crawler).get("/review/candidates").then().statusCode(403).contentType("application/problem+json");
        String operator = TestIssuer.bearer(TestIssuer.tokenOfSomeone(Roles.MATCHING_OPERATOR));
        given().header("Authorization", operator).queryParam("target", "<script>").get("/review/candidates").then().statusCode(400)
                .contentType("application/problem+json").body(not(containsString("<script>")));
        given().header("Authorization", operator).queryParam("page", -1).get("/review/candidates").then().statusCode(400)
                .contentType("application/problem+json");
        given().header("Authorization", operator).get("/review/stats").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<figure class=\"chart\">"));
        // A page, not an API: the OpenAPI document (and so the access table) leaves it out.
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths.keySet()", not(org.hamcrest.Matchers.hasItem("/review")));
    }

    @Test
    void anOperatorMergesOnePairAndDismissesAnotherInARealBrowser() throws Exception {
        String u = MatchingApi.unique();
        TestIssuer.authorize("review-page-" + u, Roles.MATCHING_OPERATOR);
        String base = MatchingApi.letter(u);
        String company = "Initech " + u;
        long first = MatchingApi.coverLetter("https://a.example/" + u, company, "tester", base);
        long firstRewrite = MatchingApi.coverLetter("https://b.example/" + u, company, "tester", MatchingApi.rewrite(base));
        long job = MatchingApi.posting("https://jobs.example/" + u, company, "Tester", "Quality " + u);
        long recommendation = Counts.of(dataSource, "INSERT INTO mlops.job_recommendations (resume_id, job_id, score) VALUES (?, ?, 0.5)"
                + " RETURNING id", first, job);
        given().contentType(ContentType.JSON).body("{\"userId\":7,\"action\":\"click\"}")
                .post("/api/matching/recommendations/{id}/interactions", recommendation).then().statusCode(201);
        String other = MatchingApi.letter("other " + u);
        MatchingApi.coverLetter("https://c.example/" + u, "Vandelay " + u, "importer", other);
        MatchingApi.coverLetter("https://d.example/" + u, "Vandelay " + u, "importer", MatchingApi.rewrite(other));
        MatchingApi.dedup("cover-letters");
        long toMerge = candidate(first);
        long toDismiss = Counts.of(dataSource, "SELECT id FROM mlops.dedup_candidates WHERE status = 'pending' AND left_id IN "
                + "(SELECT id FROM mlops.cover_letter_samples WHERE company = ?)", "Vandelay " + u);
        String reviewer = "reviewer-" + u;

        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            browser.get(page.toString());
            WebElement tokenField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            tokenField.sendKeys(TestIssuer.token(reviewer, Roles.MATCHING_OPERATOR), Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as " + reviewer));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#candidates .count")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stats figure")));

            WebElement merging = show(browser, wait, toMerge);
            List<WebElement> sides = merging.findElements(By.cssSelector(".side"));
            assertEquals(2, sides.size(), "the pair side by side");
            assertFalse(merging.findElements(By.tagName("mark")).isEmpty(), "the rewritten sentences are marked");
            assertTrue(merging.findElement(By.tagName("mark")).getText().length() > 10);
            long keeper = Long.parseLong(merging.findElement(By.cssSelector(".side.keeper h4")).getText().replaceAll("^#(\\d+).*", "$1"));
            long duplicate = keeper == first ? firstRewrite : first;
            assertTrue(keeper == first || keeper == firstRewrite, "the keeper is one of the pair: " + keeper);
            long duplicatesRecommendations = duplicate == first ? 1 : 0;
            assertThat(merging.findElement(By.cssSelector(".effect")).getText(), "A merge keeps #" + keeper + " and soft-deletes #"
                    + duplicate + ", re-pointing its " + duplicatesRecommendations + " recommendation");
            assertEquals(sides.get(0).getLocation().getY(), sides.get(1).getLocation().getY(), "side by side on a wide screen");
            screenshot(browser, "review-page.png");

            merging.findElement(By.cssSelector("button[data-action=merge]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Merged candidate #" + toMerge));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("candidate-" + toMerge)));
            String focused = browser.switchTo().activeElement().getTagName();
            assertEquals("button", focused, "after a decision the keyboard focus is on the next pair's first button");

            // The keyboard alone: Tab onto the pair's dismiss button, Enter presses it.
            WebElement dismissing = show(browser, wait, toDismiss);
            WebElement merge = dismissing.findElement(By.cssSelector("button[data-action=merge]"));
            browser.executeScript("arguments[0].focus()", merge);
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            WebElement dismiss = browser.switchTo().activeElement();
            assertEquals("dismiss", dismiss.getAttribute("data-action"));
            dismiss.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Dismissed candidate #" + toDismiss));

            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#candidates .count")));
            Number overflow = (Number) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, overflow.intValue(), "no sideways scrolling on a phone's width");
            List<WebElement> cards = browser.findElements(By.cssSelector("#candidates article"));
            if (!cards.isEmpty()) {
                List<WebElement> narrow = cards.get(0).findElements(By.cssSelector(".side"));
                assertTrue(narrow.get(1).getLocation().getY() >= narrow.get(0).getLocation().getY() + narrow.get(0).getSize().getHeight(),
                        "the two sides stacked on a narrow screen");
            }
            screenshot(browser, "review-page-narrow.png");
        } finally {
            browser.quit();
        }

        assertEquals("merged " + reviewer, Counts.text(dataSource,
                "SELECT status || ' ' || decided_by FROM mlops.dedup_candidates WHERE id = ?", toMerge));
        assertEquals("dismissed " + reviewer, Counts.text(dataSource,
                "SELECT status || ' ' || decided_by FROM mlops.dedup_candidates WHERE id = ?", toDismiss));
        long keeperInDb = Counts.of(dataSource, "SELECT merged_into FROM mlops.cover_letter_samples WHERE id IN (?, ?) AND deleted_at IS NOT NULL",
                first, firstRewrite);
        assertEquals(keeperInDb, Counts.of(dataSource, "SELECT resume_id FROM mlops.job_recommendations WHERE id = ?", recommendation),
                "the recommendation points at the keeper, with its interaction");
        assertEquals(1, Counts.of(dataSource, "SELECT count(*) FROM mlops.user_interactions WHERE recommendation_id = ?", recommendation));
        assertEquals(2, Counts.of(dataSource, "SELECT count(*) FROM mlops.cover_letter_samples WHERE company = ? AND deleted_at IS NULL",
                "Vandelay " + u), "a dismissed pair merges nothing");
    }

    private static void assertThat(String text, String expectedStart) {
        assertTrue(text.startsWith(expectedStart), "expected «" + expectedStart + "…», got «" + text + "»");
    }

    /** The pair's card, paging through the list as a reviewer would (other tests leave pairs waiting too). */
    private static WebElement show(ChromeDriver browser, WebDriverWait wait, long candidate) {
        for (int page = 0; page < 50; page++) {
            List<WebElement> found = browser.findElements(By.id("candidate-" + candidate));
            if (!found.isEmpty()) {
                return found.get(0);
            }
            WebElement next = browser.findElement(By.cssSelector("#candidates .pager button[data-page]:last-child"));
            WebElement count = browser.findElement(By.id("count"));
            next.click();
            wait.until(ExpectedConditions.stalenessOf(count));
        }
        throw new NoSuchElementException("candidate " + candidate + " is on none of the pages");
    }

    private long candidate(long side) throws SQLException {
        return Counts.of(dataSource, "SELECT id FROM mlops.dedup_candidates WHERE status = 'pending' AND (left_id = ? OR right_id = ?)",
                side, side);
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        browser.executeScript("window.scrollTo(0, 0)");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
