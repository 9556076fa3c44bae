package dev.integrity.platform.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
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

    /**
     * What the service's document says is wrong with a JSON request, whatever the service answers
     * to it: the errors, one line each, or none.
     */
    public static List<String> requestErrors(String base, String method, String path, String jsonBody) {
        Request request = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), path)
                .withContentType("application/json").withBody(jsonBody).build();
        return errors(VALIDATORS.computeIfAbsent(base, DocumentFilter::validator).validateRequest(request), false);
    }

    /** What the service's document says is wrong with a JSON answer to a request: the errors, one line each, or none. */
    public static List<String> responseErrors(String base, String method, String path, int status, String jsonBody) {
        com.atlassian.oai.validator.model.Response response = SimpleResponse.Builder.status(status).withContentType("application/json").withBody(jsonBody).build();
        return errors(VALIDATORS.computeIfAbsent(base, DocumentFilter::validator)
                .validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response), false);
    }

    private static List<String> errors(ValidationReport report, boolean bodiless) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                // rest-assured names a form Content-Type on a POST it sends no body with; there is no body to type.
                .filter(m -> !(bodiless && m.getKey().equals("validation.request.contentType.notAllowed")))
                .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                .toList();
    }

    /**
     * The request as the server read it. With URL encoding off (a test following a Link header
     * verbatim) rest-assured hands the validator the query values still percent-encoded, so a
     * timestamp would read {@code 2026-12-02T14%3A23%3A13Z}; a query that holds a percent escape is
     * decoded here ({@code +} stays {@code +}). No test sends a literal {@code %xx} in a value.
     */
    private static Request asSent(FilterableRequestSpecification spec) {
        Request request = RestAssuredRequest.of(spec);
        if (request.getQueryParameters().stream().flatMap(name -> request.getQueryParameterValues(name).stream())
                .noneMatch(value -> PERCENT_ESCAPE.matcher(value).find())) {
            return request;
        }
        SimpleRequest.Builder decoded = new SimpleRequest.Builder(request.getMethod(), request.getPath());
        request.getHeaders().forEach((name, values) -> decoded.withHeader(name, List.copyOf(values)));
        request.getRequestBody().ifPresent(decoded::withBody);
        for (String name : request.getQueryParameters()) {
            decoded.withQueryParam(percentDecoded(name), request.getQueryParameterValues(name).stream()
                    .map(ApiDocumentValidation::percentDecoded).toList());
        }
        return decoded.build();
    }

    private static final java.util.regex.Pattern PERCENT_ESCAPE = java.util.regex.Pattern.compile("%[0-9A-Fa-f]{2}");

    private static String percentDecoded(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One validator per service base URI: the document is read once per test application. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private static final class DocumentFilter implements Filter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                FilterContext context) {
            Response response = context.next(request, responseSpec);
            URI uri = URI.create(request.getURI());
            if (uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
                return response;
            }
            String base = uri.getScheme() + "://" + uri.getAuthority();
            OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(base, DocumentFilter::validator);
            ValidationReport report = response.statusCode() < 400
                    ? validator.validate(asSent(request), RestAssuredResponse.of(response))
                    : validator.validateResponse(uri.getPath(),
                            Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT)),
                            RestAssuredResponse.of(response));
            List<String> errors = errors(report, request.getBody() == null);
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
