package dev.integrity.platform.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Secret handling shared by the admin token and device keys: hashing, comparison, generation. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /**
     * Compares two secrets in time that depends on neither's content or length: both are hashed
     * first, and the digests are compared with {@link MessageDigest#isEqual}.
     */
    public static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    /** SHA-256 of a high-entropy secret (an API key), hex-encoded for storage. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** A new random secret: 32 bytes, URL-safe Base64 without padding. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
