package dev.integrity.platform.error;

/**
 * A value taken from a request, made safe to put in a log line: control characters (CR and LF
 * above all, which would let a crafted URL forge a line of its own), the Unicode line and paragraph
 * separators and backslashes are escaped as {@code \r}, {@code \n}, {@code \\} or {@code \u2028},
 * and a long value is cut. Every log call that carries a path, a header or a body value uses it.
 */
public final class LogValues {

    /** Longest value logged whole; a longer one is cut and says how much was left out. */
    static final int MAX = 300;

    private LogValues() {
    }

    public static String escaped(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        int end = Math.min(text.length(), MAX);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        String safe = out == null ? text.substring(0, end) : out.toString();
        return text.length() > MAX ? safe + "...(" + (text.length() - MAX) + " more characters)" : safe;
    }
}
