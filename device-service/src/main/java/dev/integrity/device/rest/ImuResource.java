package dev.integrity.device.rest;

import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.GaitSummary;
import dev.integrity.device.ImuBatch;
import dev.integrity.device.ImuBatchParser;
import dev.integrity.device.IngestResult;
import dev.integrity.device.service.ImuIngestService;
import dev.integrity.device.service.ImuReadService;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.ProblemException;
import dev.integrity.platform.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * IMU samples of one device: ingestion (JSON, NDJSON, CSV), export, and the gait summary. Ingestion
 * takes the device's own credentials, which the admission check decides (no token); samples are read
 * by device-operator, and by the person the device is assigned to (another's device is a 404).
 */
@Path("/api/devices/{deviceId}")
@Tag(name = "imu")
public class ImuResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    public static final String CBOR = "application/cbor";
    /** The column order of CSV in and out, so an export can be sent straight back. */
    private static final String STORED = "the batch is stored: accepted and duplicates add up to its size";
    private static final String NO_CREDENTIALS = "the device's key (X-Device-Key) or an enrollment token is needed and is missing or wrong";
    private static final String REFUSED_DEVICE = "the device is disabled or retired";
    static final String CSV_HEADER = "ts,accX,accY,accZ,gyroX,gyroY,gyroZ,magX,magY,magZ";

    @Inject
    ImuIngestService ingest;

    @Inject
    ImuBatchParser parser;

    @Inject
    ImuReadService reads;

    @POST
    @Path("/imu")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of samples (a JSON array); all or nothing, re-sent samples count as duplicates")
    @APIResponseSchema(value = IngestResult.class, responseCode = "200", responseDescription = STORED)
    @APIResponse(responseCode = "401", description = NO_CREDENTIALS)
    @APIResponse(responseCode = "403", description = REFUSED_DEVICE)
    public IngestResult ingestJson(@PathParam("deviceId") String deviceId,
                                   @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                           schema = @Schema(type = SchemaType.ARRAY, implementation = ImuSampleIn.class, minItems = 1)))
                                   InputStream body,
                                   @HeaderParam(DeviceCredentials.DEVICE_KEY_HEADER) String deviceKey,
                                   @HeaderParam(DeviceCredentials.ENROLLMENT_TOKEN_HEADER) String enrollmentToken) {
        return store(deviceId, body, parser::json, new DeviceCredentials(deviceKey, enrollmentToken));
    }

    @POST
    @Path("/imu")
    @PermitAll
    @Consumes(NDJSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of samples, one JSON object per line")
    @APIResponseSchema(value = IngestResult.class, responseCode = "200", responseDescription = STORED)
    @APIResponse(responseCode = "401", description = NO_CREDENTIALS)
    @APIResponse(responseCode = "403", description = REFUSED_DEVICE)
    public IngestResult ingestNdjson(@PathParam("deviceId") String deviceId,
                                     @RequestBody(required = true, description = "one ImuSample object per line",
                                             content = @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING)))
                                     InputStream body,
                                     @HeaderParam(DeviceCredentials.DEVICE_KEY_HEADER) String deviceKey,
                                     @HeaderParam(DeviceCredentials.ENROLLMENT_TOKEN_HEADER) String enrollmentToken) {
        return store(deviceId, body, parser::ndjson, new DeviceCredentials(deviceKey, enrollmentToken));
    }

    @POST
    @Path("/imu")
    @PermitAll
    @Consumes(CSV)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of samples as CSV with a header row (" + CSV_HEADER + ")")
    @APIResponseSchema(value = IngestResult.class, responseCode = "200", responseDescription = STORED)
    @APIResponse(responseCode = "401", description = NO_CREDENTIALS)
    @APIResponse(responseCode = "403", description = REFUSED_DEVICE)
    public IngestResult ingestCsv(@PathParam("deviceId") String deviceId, InputStream body,
                                  @HeaderParam(DeviceCredentials.DEVICE_KEY_HEADER) String deviceKey,
                                  @HeaderParam(DeviceCredentials.ENROLLMENT_TOKEN_HEADER) String enrollmentToken) {
        return store(deviceId, body, parser::csv, new DeviceCredentials(deviceKey, enrollmentToken));
    }

    @POST
    @Path("/imu")
    @PermitAll
    @Consumes(CBOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of samples in CBOR (RFC 8949): the JSON body's array of sample maps, ts as "
            + "ISO-8601 text or tag-1 epoch seconds; the same limits, all or nothing, idempotent")
    @APIResponseSchema(value = IngestResult.class, responseCode = "200", responseDescription = STORED)
    @APIResponse(responseCode = "401", description = NO_CREDENTIALS)
    @APIResponse(responseCode = "403", description = REFUSED_DEVICE)
    public IngestResult ingestCbor(@PathParam("deviceId") String deviceId,
                                   @RequestBody(required = true, description = "a CBOR array of sample maps (the ImuSample fields)",
                                           content = @Content(mediaType = CBOR, schema = @Schema(type = SchemaType.STRING, format = "binary")))
                                   InputStream body,
                                   @HeaderParam(DeviceCredentials.DEVICE_KEY_HEADER) String deviceKey,
                                   @HeaderParam(DeviceCredentials.ENROLLMENT_TOKEN_HEADER) String enrollmentToken) {
        return store(deviceId, body, parser::cbor, new DeviceCredentials(deviceKey, enrollmentToken));
    }

    private IngestResult store(String deviceId, InputStream body, Function<InputStream, ImuBatch> read, DeviceCredentials credentials) {
        ingest.admissible(deviceId, credentials);
        ImuBatch batch;
        try {
            batch = read.apply(body);
        } catch (ProblemException invalid) {
            ingest.countRejected(invalid);
            throw invalid;
        }
        return ingest.ingest(deviceId, credentials, batch);
    }

    @GET
    @Path("/imu")
    @Authenticated
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Export samples in ts order, streamed in constant memory; format=csv|json, or by Accept; "
            + "at most limit (device.export.max-rows) samples, with Link rel=next to the rest")
    @APIResponse(responseCode = "200", description = "the samples in ts order: as JSON, the objects a batch carries (ts in UTC); "
            + "as CSV, a header row then one row per sample",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ImuSampleIn.class)),
                       @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING,
                               example = CSV_HEADER + "\n"
                                       + "2025-01-27T00:30:00.120Z,0.12,-0.03,9.79,0.01,0.0,-0.02,31.2,-4.1,12.0\n"))})
    public Response export(@PathParam("deviceId") String deviceId,
                           @QueryParam("from") Instant from, @QueryParam("to") Instant to,
                           @QueryParam("format") String format, @QueryParam("limit") Integer limit,
                           @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext routing) {
        Instant start = from == null ? ImuReadService.BEGINNING : from;
        Instant end = to == null ? ImuReadService.END : to;
        QueryParams.requireOrdered(start, end);
        int most = reads.exportLimit(limit);
        // Without format, the client's first choice of the two decides (Accept: text/csv gives CSV).
        String chosen = format != null ? format
                : headers.getAcceptableMediaTypes().stream()
                        .filter(t -> t.isCompatible(MediaType.valueOf(CSV)) || t.isCompatible(MediaType.APPLICATION_JSON_TYPE))
                        .findFirst().filter(t -> !t.isWildcardType() && t.isCompatible(MediaType.valueOf(CSV))).map(t -> "csv")
                        .orElse("json");
        boolean csv = switch (chosen) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw new BadRequestProblem("format", "must be csv or json");
        };
        reads.requireReadable(deviceId);
        reads.admitExport();
        ImuReadService.ExportPlan plan;
        try {
            plan = reads.planExport(deviceId, start, end, most);
        } catch (RuntimeException e) {
            reads.exportDone();
            throw e;
        }
        // The slot goes back when the answer is written, or the client has gone.
        AtomicBoolean done = new AtomicBoolean();
        routing.addEndHandler(ended -> {
            if (done.compareAndSet(false, true)) {
                reads.exportDone();
            }
        });
        // A plain Response: the writer is chosen at run time by entity type and media type, so
        // ImuExportWriter streams both formats instead of the JSON serializer taking the record.
        Response.ResponseBuilder answer = Response.ok(new ImuExport(deviceId, plan.from(), plan.to(), csv),
                csv ? CSV + "; charset=utf-8" : MediaType.APPLICATION_JSON);
        plan.next().ifPresent(next -> answer.link(uri.getRequestUriBuilder().replaceQueryParam("from", next.toString()).build(), "next"));
        return answer.build();
    }

    @GET
    @Path("/gait")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarise a walk: samples, duration, steps (peak detection on |acc|), cadence, mean |acc|")
    public GaitSummary gait(@PathParam("deviceId") String deviceId, @QueryParam("from") Instant from, @QueryParam("to") Instant to) {
        Instant start = from == null ? ImuReadService.BEGINNING : from;
        Instant end = to == null ? ImuReadService.END : to;
        QueryParams.requireOrdered(start, end);
        return reads.gait(deviceId, start, end);
    }
}
