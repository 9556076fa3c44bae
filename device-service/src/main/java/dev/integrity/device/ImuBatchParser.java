package dev.integrity.device;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.FieldError;
import dev.integrity.platform.error.PayloadTooLargeProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.integrity.platform.error.ProblemException;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a batch of IMU samples from JSON (an array, or one sample), NDJSON (one sample per line)
 * or CSV (a header row, then one sample per row), and validates every sample as it goes. The first
 * bad sample rejects the whole batch with a 400 naming its index and field; a batch over
 * {@code device.max-batch} is a 413. Nothing reaches the database unless the whole batch is good.
 */
@ApplicationScoped
public class ImuBatchParser {

    /** NaN and Infinity are read (so they can be refused by name); doubles use the fast parser. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(8).maxNumberLength(64).maxStringLength(4096).build();
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(LIMITS)
            .build();
    /** CBOR floats are read as they are (NaN and Infinity included, so they are refused by name). */
    private static final JsonFactory CBOR_FACTORY = CBORFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(LIMITS)
            .build();
    /** CBOR's tag for a date-time as seconds since the epoch (RFC 8949, 3.4.2). */
    static final int EPOCH_TIME_TAG = 1;
    public static final String BATCH_ID = "batchId";
    static final String SAMPLES = "samples";
    static final int MAX_BATCH_ID = 64;
    /** Longest number or timestamp a cell may hold: far beyond any sensor's, far below a hostile one. */
    static final int MAX_CELL = 64;

    private final DeviceConfig config;
    private final Clock clock;

    @Inject
    public ImuBatchParser(DeviceConfig config) {
        this(config, Clock.systemUTC());
    }

    ImuBatchParser(DeviceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** {@code application/json}: an array of samples, or a single sample object. */
    public ImuBatch json(InputStream body) {
        return read(Format.JSON, body, false, false).batch();
    }

    /** {@code application/x-ndjson}: one sample object per line. */
    public ImuBatch ndjson(InputStream body) {
        return read(Format.JSON, body, true, false).batch();
    }

    /** {@code application/cbor}: the JSON body's shape in CBOR (RFC 8949): an array of sample maps, or one. */
    public ImuBatch cbor(InputStream body) {
        return read(Format.CBOR, body, false, false).batch();
    }

    /**
     * A WebSocket text message: one sample, an array of them, or a pipelined batch
     * {@code {"batchId": ..., "samples": [...]}}, whose answer carries its id.
     */
    public ImuMessage message(String text) {
        return read(Format.JSON, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, true);
    }

    /** A binary WebSocket message: the same in CBOR. */
    public ImuMessage message(byte[] cbor) {
        return read(Format.CBOR, new ByteArrayInputStream(cbor), false, true);
    }

    /**
     * The {@code batchId} of a pipelined message, read no further than needed (the message is not
     * validated): for answering one that is refused before it is read. Null when there is none.
     */
    public Object batchId(String text) {
        return peekBatchId(Format.JSON, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    public Object batchId(byte[] cbor) {
        return peekBatchId(Format.CBOR, new ByteArrayInputStream(cbor));
    }

    private static Object peekBatchId(Format format, InputStream in) {
        try (JsonParser p = format.factory.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (BATCH_ID.equals(field)) {
                    return batchIdValue(p, value);
                }
                p.skipChildren();
            }
        } catch (IOException | ProblemException unreadable) {
            return null;
        }
        return null;
    }

    /** The two formats a batch comes in; CBOR's limits are JSON's. */
    private enum Format {
        JSON("JSON", JSON_FACTORY),
        CBOR("CBOR", CBOR_FACTORY);

        final String label;
        final JsonFactory factory;

        Format(String label, JsonFactory factory) {
            this.label = label;
            this.factory = factory;
        }
    }

    private ImuMessage read(Format format, InputStream body, boolean lines, boolean envelopes) {
        Reading reading = new Reading(rules(), format, "");
        ImuBatch batch = new ImuBatch(256);
        Envelope envelope = new Envelope();
        try (JsonParser p = format.factory.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BadRequestProblem("the body is empty; send a " + format.label + " array of samples", List.of());
            }
            if (first == JsonToken.START_ARRAY && !lines) {
                readSamples(p, reading, batch);
                requireEnd(p, format);
            } else if (first == JsonToken.START_OBJECT) {
                JsonToken field = p.nextToken();
                if (envelopes && field == JsonToken.FIELD_NAME && (BATCH_ID.equals(p.currentName()) || SAMPLES.equals(p.currentName()))) {
                    try {
                        readEnvelope(p, field, reading, batch, envelope);
                        requireEnd(p, format);
                    } catch (ProblemException refused) {
                        throw envelope.batchId == null ? refused : refused.with(BATCH_ID, envelope.batchId);
                    }
                } else {
                    readSample(p, field, 0, reading, batch);
                    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                        if (!lines) {
                            throw new BadRequestProblem("the body must be one " + format.label + " array of samples (or one sample)", List.of());
                        }
                        if (t != JsonToken.START_OBJECT) {
                            throw invalid(reading, batch.size(), null, "must be a sample object, one per line");
                        }
                        readSample(p, p.nextToken(), batch.size(), reading, batch);
                    }
                }
            } else {
                throw new BadRequestProblem(lines
                        ? "application/x-ndjson takes one sample object per line"
                        : "the body must be a " + format.label + " array of samples", List.of());
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : format == Format.JSON ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    : " at byte " + at.getByteOffset();
            ProblemException unreadable = new BadRequestProblem("the body is not valid " + format.label + where + " (sample " + batch.size()
                    + ")", List.of());
            throw envelope.batchId == null ? unreadable : unreadable.with(BATCH_ID, envelope.batchId);
        } catch (IOException e) {
            throw bodyCutOff();
        }
        try {
            nonEmpty(batch);
        } catch (ProblemException empty) {
            throw envelope.batchId == null ? empty : empty.with(BATCH_ID, envelope.batchId);
        }
        return new ImuMessage(envelope.batchId, batch);
    }

    private static void requireEnd(JsonParser p, Format format) throws IOException {
        if (p.nextToken() != null) {
            throw new BadRequestProblem("the body must hold one " + format.label + " array of samples and nothing after it", List.of());
        }
    }

    /** After the array's start: its samples, to its end. */
    private void readSamples(JsonParser p, Reading reading, ImuBatch batch) throws IOException {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw invalid(reading, batch.size(), null, "must be a sample object");
            }
            readSample(p, p.nextToken(), batch.size(), reading, batch);
        }
    }

    private static final class Envelope {
        Object batchId;
    }

    /** {@code {"batchId": a string of 1-64 characters or a whole number, "samples": [...]}}, in either order. */
    private void readEnvelope(JsonParser p, JsonToken first, Reading outer, ImuBatch batch, Envelope envelope) throws IOException {
        boolean samples = false;
        for (JsonToken t = first; t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (BATCH_ID.equals(field)) {
                if (envelope.batchId != null) {
                    throw new BadRequestProblem("batchId appears twice", List.of(new FieldError(BATCH_ID, "appears twice")));
                }
                envelope.batchId = batchIdValue(p, value);
            } else if (SAMPLES.equals(field)) {
                if (samples) {
                    throw new BadRequestProblem("samples appears twice", List.of(new FieldError(SAMPLES, "appears twice")));
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new BadRequestProblem("samples must be an array of sample objects", List.of(new FieldError(SAMPLES, "must be an array")));
                }
                samples = true;
                readSamples(p, new Reading(outer.rules(), outer.format(), SAMPLES), batch);
            } else {
                throw new BadRequestProblem("a pipelined batch holds batchId and samples; " + shown(field) + " is not one of them",
                        List.of(new FieldError(shown(field), "is not a known field")));
            }
        }
        if (envelope.batchId == null) {
            throw new BadRequestProblem("a pipelined batch needs its batchId, which its answer carries",
                    List.of(new FieldError(BATCH_ID, "is required")));
        }
        if (!samples) {
            throw new BadRequestProblem("a pipelined batch needs its samples", List.of(new FieldError(SAMPLES, "is required")));
        }
    }

    /** A batch id: a string of 1-64 characters, or a whole number; echoed in the answer as it came. */
    private static Object batchIdValue(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String id = p.getText();
            if (!id.isEmpty() && id.length() <= MAX_BATCH_ID) {
                return id;
            }
        } else if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        throw new BadRequestProblem("batchId must be a string of 1-" + MAX_BATCH_ID + " characters or a whole number",
                List.of(new FieldError(BATCH_ID, "must be a string of 1-" + MAX_BATCH_ID + " characters or a whole number")));
    }

    /** A batch of no sample is a mistake, and would provision an unknown device for nothing. */
    private static ImuBatch nonEmpty(ImuBatch batch) {
        if (batch.isEmpty()) {
            throw new BadRequestProblem("the batch holds no sample; send at least one", List.of());
        }
        return batch;
    }

    /** One sample object, from its first field ({@code first}, already read) to its end. */
    private void readSample(JsonParser p, JsonToken first, int index, Reading reading, ImuBatch batch) throws IOException {
        if (index >= config.maxBatch()) {
            throw tooLarge();
        }
        double[] sample = reading.sample;
        Arrays.fill(sample, Double.NaN);
        long micros = Long.MIN_VALUE;
        boolean[] seen = new boolean[ImuBatch.VALUES];
        for (JsonToken t = first; t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("ts".equals(field)) {
                if (micros != Long.MIN_VALUE) {
                    throw invalid(reading, index, "ts", "appears twice");
                }
                micros = timestamp(p, value, index, reading);
                continue;
            }
            int f = fieldIndex(field);
            if (f < 0) {
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                throw invalid(reading, index, field, "is not a known field");
            }
            if (seen[f]) {
                throw invalid(reading, index, field, "appears twice");
            }
            seen[f] = true;
            if (value == JsonToken.VALUE_NULL) {
                if (f < ImuBatch.FIRST_OPTIONAL) {
                    throw invalid(reading, index, field, "is required");
                }
                continue;
            }
            if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                throw invalid(reading, index, field, "must be a number");
            }
            double v = p.getDoubleValue();
            if (!Double.isFinite(v)) {
                throw invalid(reading, index, field, "must be a finite number (not NaN or Infinity)");
            }
            sample[f] = v;
        }
        if (micros == Long.MIN_VALUE) {
            throw invalid(reading, index, "ts", "is required");
        }
        for (int f = 0; f < ImuBatch.FIRST_OPTIONAL; f++) {
            if (!seen[f]) {
                throw invalid(reading, index, ImuBatch.FIELDS[f], "is required");
            }
        }
        batch.add(micros, sample);
    }

    /**
     * A sample's {@code ts}: ISO-8601 text with an offset, in either format (CBOR's tag 0, a
     * date-time string, is such text); in CBOR also a number under tag 1, seconds since the epoch.
     */
    private static long timestamp(JsonParser p, JsonToken value, int index, Reading reading) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return reading.rules().timestamp(reading.prefix(), index, p.getText());
        }
        boolean number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
        if (number && p instanceof CBORParser cbor && cbor.getCurrentTag() == EPOCH_TIME_TAG) {
            double seconds = p.getDoubleValue();
            if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e11) {
                throw invalid(reading, index, "ts", "must be a finite epoch time in seconds");
            }
            return reading.rules().within(reading.prefix(), index, Math.round(seconds * 1e6));
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        throw invalid(reading, index, "ts", reading.format() == Format.CBOR
                ? "must be an ISO-8601 timestamp with an offset (text, or tag 0) or seconds since the epoch under tag 1"
                : "must be an ISO-8601 timestamp with an offset");
    }

    /** One read of a body: its time window, its format, the path its samples are named by, and a scratch sample. */
    private record Reading(Rules rules, Format format, String prefix, double[] sample) {
        Reading(Rules rules, Format format, String prefix) {
            this(rules, format, prefix, new double[ImuBatch.VALUES]);
        }
    }

    /** {@code text/csv}: a header row naming the columns (camelCase or snake_case), then one sample per row. */
    public ImuBatch csv(InputStream body) {
        Rules rules = rules();
        ImuBatch batch = new ImuBatch(256);
        Reader decoder = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (BufferedReader in = new BufferedReader(decoder)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new BadRequestProblem("the body is empty; CSV needs a header row naming ts and the value columns", List.of());
            }
            String[] names = header.strip().split(",", -1);
            if (names.length > ImuBatch.VALUES + 1) {
                throw new BadRequestProblem("the CSV header has " + names.length + " columns; at most " + (ImuBatch.VALUES + 1)
                        + " (ts and the value columns)", List.of(new FieldError("header", "too many columns")));
            }
            int tsColumn = -1;
            int[] columnField = new int[names.length];
            boolean[] present = new boolean[ImuBatch.VALUES];
            for (int c = 0; c < names.length; c++) {
                String name = names[c].strip();
                if (name.equals("ts")) {
                    tsColumn = c;
                    columnField[c] = -1;
                    continue;
                }
                int f = fieldIndex(camelCase(name));
                if (f < 0 || present[f]) {
                    throw new BadRequestProblem("CSV header column " + (c + 1) + " ('" + shown(name) + "') is "
                            + (f < 0 ? "not a known field" : "repeated"), List.of(new FieldError("header", "unknown or repeated column " + shown(name))));
                }
                present[f] = true;
                columnField[c] = f;
            }
            if (tsColumn < 0) {
                throw new BadRequestProblem("the CSV header has no ts column", List.of(new FieldError("header", "ts is required")));
            }
            for (int f = 0; f < ImuBatch.FIRST_OPTIONAL; f++) {
                if (!present[f]) {
                    throw new BadRequestProblem("the CSV header has no " + ImuBatch.FIELDS[f] + " column",
                            List.of(new FieldError("header", ImuBatch.FIELDS[f] + " is required")));
                }
            }
            double[] sample = new double[ImuBatch.VALUES];
            int index = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (index >= config.maxBatch()) {
                    throw tooLarge();
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.length) {
                    throw invalid("", index, null, "has " + cells.length + " cells; the header has " + names.length);
                }
                Arrays.fill(sample, Double.NaN);
                long micros = rules.timestamp("", index, cells[tsColumn].strip());
                for (int c = 0; c < cells.length; c++) {
                    if (c == tsColumn) {
                        continue;
                    }
                    int f = columnField[c];
                    String cell = cells[c].strip();
                    if (cell.isEmpty()) {
                        if (f < ImuBatch.FIRST_OPTIONAL) {
                            throw invalid("", index, ImuBatch.FIELDS[f], "is required");
                        }
                        continue;
                    }
                    if (!isDecimal(cell)) {
                        throw invalid("", index, ImuBatch.FIELDS[f], cell.length() > MAX_CELL
                                ? "is longer than " + MAX_CELL + " characters" : "must be a finite decimal number");
                    }
                    double v = Double.parseDouble(cell);
                    if (!Double.isFinite(v)) {
                        throw invalid("", index, ImuBatch.FIELDS[f], "must be a finite number");
                    }
                    sample[f] = v;
                }
                batch.add(micros, sample);
                index++;
            }
        } catch (CharacterCodingException e) {
            throw new BadRequestProblem("the CSV body is not valid UTF-8", List.of());
        } catch (IOException e) {
            throw bodyCutOff();
        }
        return nonEmpty(batch);
    }

    private Rules rules() {
        Instant now = clock.instant();
        return new Rules(now.minus(config.retentionDays(), ChronoUnit.DAYS), now.plus(config.maxFuture()), config);
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000L;
    }

    /**
     * The window a sample's time must fall in: inside retention, and not too far in the future. A
     * time outside it is refused with the window named, so no write can reach for a partition
     * retention would drop or one far ahead of every other.
     */
    private record Rules(Instant oldest, Instant newest, long oldestMicros, long newestMicros, DeviceConfig config) {

        Rules(Instant oldest, Instant newest, DeviceConfig config) {
            this(oldest, newest, micros(oldest), micros(newest), config);
        }

        String window() {
            return "must lie between " + oldest.truncatedTo(ChronoUnit.SECONDS) + " and " + newest.truncatedTo(ChronoUnit.SECONDS)
                    + " (the retention of " + config.retentionDays() + " days back, " + config.maxFuture() + " ahead)";
        }

        long timestamp(String prefix, int index, String text) {
            if (text.length() > MAX_CELL) {
                throw invalid(prefix, index, "ts", "is longer than " + MAX_CELL + " characters");
            }
            long micros;
            try {
                micros = IsoTimestamps.parseMicros(text);
            } catch (DateTimeException | ArithmeticException e) {
                throw invalid(prefix, index, "ts", "must be an ISO-8601 timestamp with an offset, for example 2025-01-27T09:30:00.120+09:00");
            }
            return within(prefix, index, micros);
        }

        long within(String prefix, int index, long micros) {
            if (micros > newestMicros || micros < oldestMicros) {
                throw invalid(prefix, index, "ts", window());
            }
            return micros;
        }
    }

    /**
     * A CSV cell as a decimal number: an optional sign, digits with at most one point (at least one
     * digit), an optional exponent. One pass over at most {@value #MAX_CELL} characters: a pattern
     * with two adjacent digit runs backtracks on a long run of digits (quadratic in the cell).
     */
    public static boolean isDecimal(String cell) {
        int n = cell.length();
        if (n == 0 || n > MAX_CELL) {
            return false;
        }
        int i = 0;
        if (cell.charAt(i) == '+' || cell.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (cell.charAt(i) == 'e' || cell.charAt(i) == 'E')) {
            i++;
            if (i < n && (cell.charAt(i) == '+' || cell.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            for (; i < n && cell.charAt(i) >= '0' && cell.charAt(i) <= '9'; i++) {
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static int fieldIndex(String name) {
        for (int f = 0; f < ImuBatch.VALUES; f++) {
            if (ImuBatch.FIELDS[f].equals(name)) {
                return f;
            }
        }
        return -1;
    }

    /** acc_x to accX; accX stays accX. */
    private static String camelCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char ch : name.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    private static BadRequestProblem invalid(Reading reading, int index, String field, String message) {
        return invalid(reading.prefix(), index, field, message);
    }

    private static BadRequestProblem invalid(String prefix, int index, String field, String message) {
        String path = prefix + "[" + index + "]" + (field == null ? "" : "." + shown(field));
        return new BadRequestProblem("sample " + path + " " + message + "; nothing from this batch was stored",
                List.of(new FieldError(path, message)));
    }

    /** A name from the request, as an answer may repeat it: at most {@value #MAX_CELL} characters. */
    private static String shown(String name) {
        return name.length() <= MAX_CELL ? name : name.substring(0, MAX_CELL) + "...";
    }

    /**
     * The body could not be read to its end: the client's connection closed or was reset part way.
     * Nothing of the batch was stored, and the client is gone; it is not a fault of the service.
     */
    private static BadRequestProblem bodyCutOff() {
        return new BadRequestProblem("the connection closed before the request body was complete; nothing was stored", List.of());
    }

    private PayloadTooLargeProblem tooLarge() {
        return new PayloadTooLargeProblem(
                "a batch may carry at most " + config.maxBatch() + " samples (device.max-batch)")
                .with("maxBatch", config.maxBatch());
    }
}
