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
 * No SQL is built by concatenating input. In every module's main sources, the SQL handed to
 * {@code createNativeQuery}, {@code createQuery}, {@code prepareStatement} or {@code prepareCall}
 * may join only string literals and UPPER_CASE constants with {@code +}; anything else (a variable,
 * a parameter, a method call) fails this test. Values go in as bound parameters.
 */
class NoSqlFromInputTest {

    private static final Pattern SQL_CALL = Pattern.compile("\\b(createNativeQuery|createQuery|prepareStatement|prepareCall)\\(");
    private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*(\\.[A-Z][A-Z0-9_]*)?");

    @Test
    void sqlIsOnlyEverJoinedFromLiteralsAndConstants() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root, 12).filter(p -> !root.relativize(p).toString().startsWith("."))) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).toList();
        }
        assertTrue(sources.size() > 50, "found only " + sources.size() + " sources under " + root);
        List<String> offences = new ArrayList<>();
        int calls = 0;
        for (Path source : sources) {
            String code = Files.readString(source);
            Matcher m = SQL_CALL.matcher(code);
            while (m.find()) {
                calls++;
                String argument = firstArgument(code, m.end());
                for (String operand : stripLiterals(argument).split("\\+")) {
                    String o = operand.strip();
                    if (!o.isEmpty() && !o.equals("\"\"") && !CONSTANT.matcher(o).matches()) {
                        if (argument.contains("+")) {
                            offences.add(root.relativize(source) + ": " + m.group(1) + "(" + oneLine(argument) + ")");
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(calls > 20, "found only " + calls + " SQL calls");
        assertEquals(List.of(), offences, "SQL joined from something other than literals and constants");
    }

    /**
     * Wherever SQL text is written (a literal with SQL keywords), what it is joined with by {@code +}
     * is a literal or a constant: this also covers SQL handed to a helper before it reaches JDBC.
     * DedupRepository is the one exception: it builds each target's statements from the table and
     * column names in its own constant map (never from a request), and says so where it does.
     */
    @Test
    void sqlLiteralsAreOnlyJoinedWithLiteralsAndConstants() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 12).filter(p -> !root.relativize(p).toString().startsWith("."))) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.getFileName().toString().equals("DedupRepository.java")).toList()) {
                offences.addAll(joinedSql(root.relativize(source).toString(), Files.readString(source)));
            }
        }
        assertEquals(List.of(), offences, "SQL text joined with something other than literals and constants");
    }

    private static final Pattern SQLISH = Pattern.compile("(?i)\\b(select|insert into|update|delete from|where|values)\\b");
    private static final Pattern LITERAL = Pattern.compile("(?s)\"\"\".*?\"\"\"|\"(\\\\.|[^\"\\\\\n])*\"");
    private static final Pattern AFTER = Pattern.compile("^\\s*\\+\\s*([A-Za-z_][\\w.]*(\\([^)]*\\))?)");
    private static final Pattern BEFORE = Pattern.compile("([A-Za-z_][\\w.]*(\\([^)]*\\))?)\\s*\\+\\s*$");

    static List<String> joinedSql(String file, String code) {
        List<String> offences = new ArrayList<>();
        Matcher literal = LITERAL.matcher(code);
        while (literal.find()) {
            if (!SQLISH.matcher(literal.group()).find()) {
                continue;
            }
            Matcher after = AFTER.matcher(code.substring(literal.end(), Math.min(code.length(), literal.end() + 200)));
            Matcher before = BEFORE.matcher(code.substring(Math.max(0, literal.start() - 200), literal.start()));
            for (Matcher m : List.of(after, before)) {
                if (m.find() && !CONSTANT.matcher(m.group(1)).matches()) {
                    offences.add(file + ": " + m.group(1) + " joined with " + oneLine(literal.group()));
                }
            }
        }
        return offences;
    }

    @Test
    void theLiteralCheckCatchesInputJoinedIntoSql() throws IOException {
        List<String> samples = resource("/build/sql-join-samples.txt").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(4, samples.size());
        for (String sample : samples) {
            int expected = Integer.parseInt(sample.substring(0, sample.indexOf('|')));
            assertEquals(expected, joinedSql("Sample.java", sample.substring(sample.indexOf('|') + 1)).size(), sample);
        }
    }

    @Test
    void theCheckCatchesConcatenatedInput() throws IOException {
        String call = resource("/build/native-query-sample.txt").strip();
        String argument = firstArgument(call, call.indexOf('(') + 1);
        assertEquals(call.substring(call.indexOf('(') + 1, call.indexOf(").getResultList()")), argument);
        assertTrue(stripLiterals(argument).contains("name"));
    }

    private static String resource(String name) throws IOException {
        try (var in = NoSqlFromInputTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The text of the first argument: up to the first top-level comma or the closing parenthesis. */
    static String firstArgument(String code, int from) {
        int depth = 0;
        boolean inString = false;
        boolean inBlock = false;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (code.startsWith("\"\"\"", i)) {
                inBlock = !inBlock;
                i += 2;
                continue;
            }
            if (inBlock) {
                continue;
            }
            if (c == '"' && (i == 0 || code.charAt(i - 1) != '\\')) {
                inString = !inString;
                continue;
            }
            if (inString) {
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' || c == ',') {
                if (depth == 0) {
                    return code.substring(from, i).strip();
                }
                if (c == ')') {
                    depth--;
                }
            }
        }
        return code.substring(from).strip();
    }

    /** The argument with every string literal and text block replaced by "". */
    static String stripLiterals(String argument) {
        return argument.replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
