package dev.integrity.inspection.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/** What the inspection API takes. Timestamps are ISO-8601 with an offset. */
public final class Commands {

    private Commands() {
    }

    /** {@code POST /api/aeds}. */
    @Schema(example = """
            {"equipmentSerial": "HS1-2019-004512", "location": "서울역 3층 대합실, 안내데스크 옆", "model": "HeartStart HS1", "installedAt": "2019-05-14T10:00:00+09:00"}""")
    public record RegisterAed(@NotBlank @Size(max = 100) String equipmentSerial, @Size(max = 500) String location,
                              @Size(max = 200) String model, OffsetDateTime installedAt) {
    }

    /**
     * {@code POST /api/inspections/sessions}. {@code inspectorId} defaults to the caller's subject;
     * only an inspection-manager may name another.
     */
    @Schema(example = """
            {"equipmentSerial": "HS1-2019-004512"}""")
    public record StartSession(@NotBlank @Size(max = 100) String equipmentSerial,
                               @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String inspectorId) {
    }

    /** {@code POST /api/inspections/sessions/{id}/complete}: the inspection's findings, any JSON object. */
    @Schema(example = """
            {"result": {"battery": 87, "pads": "ok", "padsExpireOn": "2026-08-31", "selfTest": "passed"}}""")
    public record CompleteSession(@NotNull @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
            description = "the findings, any JSON object", example = "{\"pads\": \"ok\", \"battery\": 87}") JsonNode result) {
    }

    /** {@code POST /api/inspections/sessions/{id}/cancel}. */
    @Schema(example = """
            {"reason": "the cabinet was locked; rescheduled"}""")
    public record CancelSession(@NotBlank @Size(max = 500) String reason) {
    }

    /** {@code POST /api/schedules}. */
    @Schema(example = """
            {"aedDataId": 1, "scheduledFor": "2031-06-02T10:00:00+09:00", "assigneeId": "inspector-lee"}""")
    public record CreateSchedule(@NotNull @Positive Long aedDataId, @NotNull OffsetDateTime scheduledFor,
                                 @Size(max = 255) String assigneeId) {
    }

    /** {@code POST /api/schedules/{id}/cancel}; the body is optional. */
    @Schema(example = """
            {"reason": "the building is closed for renovation"}""")
    public record CancelSchedule(@Size(max = 500) String reason) {
    }
}
