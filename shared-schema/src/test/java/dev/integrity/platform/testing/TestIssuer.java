package dev.integrity.platform.testing;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tests' token issuer: a real RS256 key pair and real signed JWTs, verified by the services'
 * real verifier ({@code quarkus-oidc} with {@code quarkus.oidc.public-key}), exactly as the launcher
 * runs them. The key pair is made once per JVM and kept in system properties, so a test resource
 * and a test, whatever class loader each was loaded by, sign and verify with the same key.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.integrity.test";

    private static final String PRIVATE_PROPERTY = "platform.test.issuer.private-key";
    private static final String PUBLIC_PROPERTY = "platform.test.issuer.public-key";

    private TestIssuer() {
    }

    /**
     * Makes every following RestAssured request of this test carry a token of {@code subject} with
     * {@code roles} (until {@link #anonymous()} or another call). A request that sets its own
     * {@code Authorization} header replaces it.
     */
    public static void authorize(String subject, String... roles) {
        RestAssured.config = RestAssured.config().headerConfig(
                HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization", "Content-Type", "Accept"));
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", bearer(token(subject, roles))).build();
    }

    /** Requests carry no token from here on. */
    public static void anonymous() {
        RestAssured.requestSpecification = null;
    }

    /** {@code Bearer <token>}, for an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** What a service under test is configured with: the public key and the issuer it checks. */
    public static Map<String, String> config() {
        return Map.of("quarkus.oidc.public-key", publicKey(), "quarkus.oidc.token.issuer", ISSUER);
    }

    /** A token for {@code subject} holding {@code roles} in its {@code groups} claim, valid for an hour. */
    public static String token(String subject, String... roles) {
        return sign(claims(subject, Instant.now().plus(Duration.ofHours(1))).groups(Set.of(roles)), privateKey());
    }

    /** A token for {@code subject} holding {@code roles}, valid for {@code life} from now. */
    public static String tokenValidFor(Duration life, String subject, String... roles) {
        return sign(claims(subject, Instant.now().plus(life)).groups(Set.of(roles)), privateKey());
    }

    /** A token of a new, random subject. */
    public static String tokenOfSomeone(String... roles) {
        return token("user-" + UUID.randomUUID(), roles);
    }

    /** As Keycloak carries roles: in {@code realm_access.roles}, with no {@code groups} claim. */
    public static String keycloakStyleToken(String subject, String... roles) {
        return sign(claims(subject, Instant.now().plus(Duration.ofHours(1))).claim("realm_access", Map.of("roles", List.of(roles))),
                privateKey());
    }

    /** A token that expired ten minutes ago. */
    public static String expiredToken(String subject, String... roles) {
        JwtClaimsBuilder claims = claims(subject, Instant.now().minus(Duration.ofMinutes(10))).groups(Set.of(roles))
                .issuedAt(Instant.now().minus(Duration.ofHours(1)));
        return sign(claims, privateKey());
    }

    /** A token signed by a key the services do not know. */
    public static String foreignSignedToken(String subject, String... roles) {
        return sign(claims(subject, Instant.now().plus(Duration.ofHours(1))).groups(Set.of(roles)), newKeyPair().getPrivate());
    }

    /** A token signed by the right key for the wrong issuer. */
    public static String foreignIssuerToken(String subject, String... roles) {
        return sign(claims(subject, Instant.now().plus(Duration.ofHours(1))).issuer("https://another-issuer.example").groups(Set.of(roles)),
                privateKey());
    }

    /** A well-signed token without a {@code sub} claim. */
    public static String tokenWithoutSubject(String... roles) {
        return sign(Jwt.issuer(ISSUER).expiresAt(Instant.now().plus(Duration.ofHours(1))).groups(Set.of(roles)), privateKey());
    }

    private static JwtClaimsBuilder claims(String subject, Instant expiresAt) {
        return Jwt.issuer(ISSUER).subject(subject).issuedAt(Instant.now()).expiresAt(expiresAt);
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }

    static String publicKey() {
        ensureKeys();
        return System.getProperty(PUBLIC_PROPERTY);
    }

    static PrivateKey privateKey() {
        ensureKeys();
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PRIVATE_PROPERTY))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ensureKeys() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PRIVATE_PROPERTY) == null) {
                KeyPair keys = newKeyPair();
                System.setProperty(PRIVATE_PROPERTY, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_PROPERTY, Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            }
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
