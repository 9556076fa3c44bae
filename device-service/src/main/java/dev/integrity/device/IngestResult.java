package dev.integrity.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a batch: {@code accepted + duplicates} is the batch size. {@code apiKey} is present
 * only on the batch that enrolled the device (token mode), and is shown nowhere else, ever.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(example = """
        {"accepted": 48, "duplicates": 2}""")
public record IngestResult(int accepted, int duplicates, String apiKey) {
}
