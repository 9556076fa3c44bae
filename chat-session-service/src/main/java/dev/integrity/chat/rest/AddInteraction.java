package dev.integrity.chat.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** {@code POST /api/chat/sessions/{id}/interactions}, for example {@code {"interactionType": "text_input"}}. */
@Schema(example = """
        {"interactionType": "button_click", "interactionData": {"button": "show_more", "page": 2}}""")
public record AddInteraction(@NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9_.:-]+", message = "must be a lower-case token such as text_input")
                             String interactionType,
                             @Size(max = 100) Map<String, Object> interactionData) {
}
