package dev.integrity.platform.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extensions' functions and operators are called by their schema, {@code public.similarity(...)}
 * and {@code OPERATOR(public.%)}, in every query and migration: whatever a role's search_path, no
 * schema earlier on it can put a function of its own in their place (issue 14: a schema named after
 * the app role, with its own {@code similarity(text, text)}, was run unqualified).
 */
class QualifiedExtensionCallsTest {

    /** pg_trgm's functions, and its similarity operators written bare between two columns ({@code a.x % b.y}). */
    private static final Pattern UNQUALIFIED = Pattern.compile(
            "(?<![.\\w])(similarity|word_similarity|strict_word_similarity|show_trgm|set_limit|show_limit)\\s*\\("
                    + "|\\b[a-z_]+\\.[a-z_]+\\s+(%|<%|%>|<<%|%>>|<->|<<->|<->>)\\s+[a-z_]+\\.[a-z_]+\\b");

    @Test
    void everyExtensionCallNamesItsSchema() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root, 12).filter(p -> !root.relativize(p).toString().startsWith("."))) {
            sources = files.filter(p -> p.toString().contains("/src/main/") && !p.toString().contains("/target/")
                    && (p.toString().endsWith(".java") || p.toString().endsWith(".sql"))).toList();
        }
        assertTrue(sources.stream().anyMatch(p -> p.toString().endsWith("RecommendationRepository.java")), "found the sources");
        List<String> unqualified = new ArrayList<>();
        int qualified = 0;
        for (Path source : sources) {
            String code = Files.readString(source);
            qualified += count(code, "public.similarity(") + count(code, "OPERATOR(public.%)");
            for (String line : code.split("\n")) {
                String stripped = line.strip();
                if (stripped.startsWith("*") || stripped.startsWith("//") || stripped.startsWith("--") || stripped.startsWith("/*")) {
                    continue;
                }
                Matcher m = UNQUALIFIED.matcher(line.replace("OPERATOR(public.%)", ""));
                if (m.find() && !line.contains("String.format") && !line.contains("printf")) {
                    unqualified.add(root.relativize(source) + ": " + stripped);
                }
            }
        }
        assertTrue(qualified >= 3, "the dedup and recommendation queries call pg_trgm qualified: " + qualified);
        assertEquals(List.of(), unqualified, "pg_trgm called without its schema");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
