package dev.integrity.platform.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rest-assured exchange in a {@code @QuarkusTest} is checked against the OpenAPI document the
 * service under test serves at {@code /q/openapi}, so a drift between the code and its document
 * fails the build where the drift happens (issue 15).
 *
 * <p>What is checked, for every request under {@code /api/}:
 * <ul>
 *   <li>the response, always: its status must be one the operation documents, its content type
 *       one documented for that status, and its body valid against that schema (a {@code null}
 *       where the document does not say {@code nullable} fails);</li>
 *   <li>the request, when the service accepted it (a status below 400): a request the service
 *       took must be one its document allows. A request the service refused was meant to be
 *       refused (the bad-input tests), and its document says what it refused.</li>
 * </ul>
 * Not checked: the bearer token the document asks for (a test in open mode sends none, and
 * {@code AccessTableContract} walks who may call what), and WebSocket traffic.
 *
 * <p>Installed for every {@code @QuarkusTest} by {@code META-INF/services} in this test-jar.
 */
public final class ApiDocumentValidation implements QuarkusTestBeforeEachCallback {

    private static final Filter FILTER = new DocumentFilter();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    /** Adds the filter to rest-assured's global filters, once. */
    public static void install() {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }

    /** The filter itself, for a request that names it ({@code ApiDocumentValidationTest}). */
    public static Filter filter() {
        return FILTER;
    }

    private static final class DocumentFilter implements Filter {

        /** One validator per service base URI: the document is read once per test application. */
        private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                FilterContext context) {
            Response response = context.next(request, responseSpec);
            URI uri = URI.create(request.getURI());
            if (uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
                return response;
            }
            String base = uri.getScheme() + "://" + uri.getAuthority();
            OpenApiInteractionValidator validator = validators.computeIfAbsent(base, DocumentFilter::validator);
            ValidationReport report = response.statusCode() < 400
                    ? validator.validate(RestAssuredRequest.of(request), RestAssuredResponse.of(response))
                    : validator.validateResponse(uri.getPath(),
                            Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT)),
                            RestAssuredResponse.of(response));
            boolean bodiless = request.getBody() == null;
            List<String> errors = report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    // rest-assured names a form Content-Type on a POST it sends no body with; there is no body to type.
                    .filter(m -> !(bodiless && m.getKey().equals("validation.request.contentType.notAllowed")))
                    .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                    .toList();
            if (!errors.isEmpty()) {
                throw new AssertionError(request.getMethod() + " " + uri.getPath() + " answered " + response.statusCode()
                        + ", which its OpenAPI document does not allow:\n" + String.join("\n", errors)
                        + "\nbody: " + response.asString());
            }
            return response;
        }

        private static OpenApiInteractionValidator validator(String base) {
            return OpenApiInteractionValidator.createForInlineApiSpecification(document(base))
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                            // A path the document does not have is the unknown-path test's (PlatformSurfaceContract):
                            // there is no operation to hold its answer against.
                            .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        }

        private static String document(String base) {
            // HTTP/1.1: the JDK client's default h2c upgrade once read the server's HTTP/1.1 answer as HTTP/2 frames.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new AssertionError(base + "/q/openapi answered " + answer.statusCode());
                }
                return answer.body();
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot read " + base + "/q/openapi: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted reading " + base + "/q/openapi", e);
            }
        }
    }
}
