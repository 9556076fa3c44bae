package dev.integrity.matching.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/** One crawled job posting. */
@Schema(example = """
        {"url": "https://jobs.example.com/postings/90417", "title": "백엔드 개발자 (Java/Quarkus)", "company": "한빛소프트", "description": "PostgreSQL 기반 데이터 플랫폼을 함께 만들 백엔드 개발자를 찾습니다.", "location": "서울 강남구", "postedAt": "2025-01-20T09:00:00+09:00", "crawledAt": "2025-01-27T03:00:00+09:00"}""")
public record PostingIn(
        @NotBlank @Size(max = 2048) @Pattern(regexp = CoverLetterIn.HTTP_URL, message = "must be an http or https URL") String url,
        @NotBlank @Size(max = 500) String title,
        @Size(max = 300) String company,
        @NotBlank @Size(max = 100_000) String description,
        @Size(max = 300) String location,
        OffsetDateTime postedAt,
        OffsetDateTime crawledAt) {
}
