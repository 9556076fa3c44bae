package dev.integrity.device.rest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.integrity.device.ImuBatch;
import dev.integrity.device.service.ImuReadService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Streams an {@link ImuExport} straight from a database cursor to the client, in ts order, in
 * constant memory. CSV carries the same header the ingest path reads, so an export can be sent
 * back as it is; JSON is the same array of samples the ingest path takes.
 */
@Provider
@Produces({MediaType.APPLICATION_JSON, ImuResource.CSV})
public class ImuExportWriter implements MessageBodyWriter<ImuExport> {

    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    ImuReadService reads;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return ImuExport.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(ImuExport export, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        if (export.csv()) {
            writeCsv(export, out);
        } else {
            writeJson(export, out);
        }
    }

    private void writeCsv(ImuExport export, OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(ImuResource.CSV_HEADER);
        w.write('\n');
        reads.export(export.deviceId(), export.from(), export.to(), (ts, values, present) -> {
            w.write(ts.toString());
            for (int f = 0; f < ImuBatch.VALUES; f++) {
                w.write(',');
                if (present[f]) {
                    w.write(Double.toString(values[f]));
                }
            }
            w.write('\n');
        });
        w.flush();
    }

    private void writeJson(ImuExport export, OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.writeStartArray();
        reads.export(export.deviceId(), export.from(), export.to(), (ts, values, present) -> {
            g.writeStartObject();
            g.writeStringField("ts", ts.toString());
            for (int f = 0; f < ImuBatch.VALUES; f++) {
                if (present[f]) {
                    g.writeNumberField(ImuBatch.FIELDS[f], values[f]);
                }
            }
            g.writeEndObject();
        });
        g.writeEndArray();
        g.flush();
    }
}
