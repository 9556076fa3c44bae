package dev.integrity.matching.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/** One crawled cover-letter sample. */
@Schema(example = """
        {"url": "https://jobs.example.com/cover-letters/48213", "title": "신입 백엔드 개발자 합격 자소서", "company": "한빛소프트", "position": "백엔드 개발자", "content": "저는 대학 시절 교내 동아리에서 예약 서비스를 만들며 데이터 정합성의 중요성을 배웠습니다.", "crawledAt": "2025-01-27T03:00:00+09:00"}""")
public record CoverLetterIn(
        @NotBlank @Size(max = 2048) @Pattern(regexp = HTTP_URL, message = "must be an http or https URL") String url,
        @Size(max = 500) String title,
        @Size(max = 300) String company,
        @Size(max = 300) String position,
        @NotBlank @Size(max = 100_000) String content,
        OffsetDateTime crawledAt) {

    /**
     * http(s)://host[:port][/path][?query][#fragment], no spaces, the scheme in any case. Written
     * without Java-only syntax such as {@code (?i)}: the API document gives clients the same text
     * as an ECMA-262 pattern ({@code Patterns}).
     */
    static final String HTTP_URL = "[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\\s]*)?";
}
