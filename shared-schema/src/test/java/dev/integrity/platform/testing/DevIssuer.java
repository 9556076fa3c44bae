package dev.integrity.platform.testing;

import dev.integrity.platform.security.Roles;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * The launcher's token issuer ({@code ./dev up}, {@code ./dev token}): an RS256 key pair kept under
 * {@code .dev/issuer/}, whose public key the services verify tokens against
 * ({@code quarkus.oidc.public-key}), and tokens signed with it. For a laptop and a quick try; a real
 * deployment points the services at its own issuer (docs/security.md).
 * <p>
 * Usage:
 * <pre>
 *   DevIssuer key DIR                         makes the key pair unless it exists; prints the public key (base64)
 *   DevIssuer token DIR ROLE [--sub SUBJECT] [--hours H]   prints a token holding ROLE ("none": no role)
 *   DevIssuer tokens DIR                      prints "ROLE TOKEN" for every role of the contract
 * </pre>
 */
public final class DevIssuer {

    /** The issuer the launcher's tokens name, and the services check. */
    public static final String ISSUER = "https://integrity.localhost/dev-issuer";
    private static final Duration DEFAULT_LIFE = Duration.ofHours(12);

    private DevIssuer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("key")) {
            System.out.println(publicKey(Path.of(args[1])));
            return;
        }
        if (args.length >= 2 && args[0].equals("tokens")) {
            for (String role : new TreeSet<>(Roles.ALL)) {
                System.out.println(role + " " + token(Path.of(args[1]), "dev-" + role, Set.of(role), DEFAULT_LIFE));
            }
            return;
        }
        if (args.length >= 3 && args[0].equals("token")) {
            String role = args[2];
            String subject = null;
            Duration life = DEFAULT_LIFE;
            for (int i = 3; i < args.length; i++) {
                if (args[i].equals("--sub") && i + 1 < args.length) {
                    subject = args[++i];
                } else if (args[i].equals("--hours") && i + 1 < args.length) {
                    life = Duration.ofMinutes(Math.round(Double.parseDouble(args[++i]) * 60));
                } else {
                    usage("unknown option " + args[i]);
                }
            }
            Set<String> roles = new TreeSet<>();
            if (!role.equals("none")) {
                if (!Roles.ALL.contains(role)) {
                    usage("no such role: " + role + " (one of " + new TreeSet<>(Roles.ALL) + ", or none)");
                }
                roles.add(role);
            }
            System.out.println(token(Path.of(args[1]), subject == null ? "dev-" + role : subject, roles, life));
            return;
        }
        usage(null);
    }

    /** The public key of the pair in {@code dir}, made first if there is none. */
    public static String publicKey(Path dir) throws IOException {
        Path publicKey = dir.resolve("public-key.b64");
        if (!Files.exists(publicKey)) {
            Files.createDirectories(dir);
            KeyPair keys = TestIssuer.newKeyPair();
            Path privateKey = dir.resolve("private-key.b64");
            Files.writeString(privateKey, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions protect it
            }
            Files.writeString(publicKey, Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        }
        return Files.readString(publicKey).strip();
    }

    /** A token of {@code subject} with {@code roles}, signed by the key in {@code dir}, valid for {@code life}. */
    public static String token(Path dir, String subject, Set<String> roles, Duration life) throws Exception {
        publicKey(dir);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(dir.resolve("private-key.b64")).strip())));
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(subject).claim("preferred_username", subject).groups(roles)
                .issuedAt(now).expiresAt(now.plus(life))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("DevIssuer: " + problem);
        }
        System.err.println("usage: DevIssuer key DIR | DevIssuer tokens DIR | DevIssuer token DIR ROLE [--sub SUBJECT] [--hours H]");
        System.exit(2);
    }
}
