package dev.integrity.platform.security;

import java.util.Set;

/**
 * The platform's roles: a contract that tests, manifests and operators rely on (docs/security.md).
 * A token carries them in its {@code groups} claim, or in Keycloak's {@code realm_access.roles}.
 * Any other role a token carries means nothing here.
 */
public final class Roles {

    public static final String DEVICE_OPERATOR = "device-operator";
    public static final String CHAT_BACKEND = "chat-backend";
    public static final String CHAT_USER = "chat-user";
    public static final String CHAT_ANALYST = "chat-analyst";
    public static final String MATCHING_CRAWLER = "matching-crawler";
    public static final String MATCHING_OPERATOR = "matching-operator";
    public static final String INSPECTOR = "inspector";
    public static final String INSPECTION_MANAGER = "inspection-manager";
    public static final String PLATFORM_ADMIN = "platform-admin";

    /** Every role of the contract, in the order docs/security.md lists them. */
    public static final Set<String> ALL = Set.of(DEVICE_OPERATOR, CHAT_BACKEND, CHAT_USER, CHAT_ANALYST, MATCHING_CRAWLER,
            MATCHING_OPERATOR, INSPECTOR, INSPECTION_MANAGER, PLATFORM_ADMIN);

    /**
     * What the database is told a maintenance job is (never a token's role: {@link Caller#roles()}
     * keeps only the contract's). Row-level security lets jobs see every row.
     */
    public static final String PLATFORM_JOB = "platform-job";

    private Roles() {
    }
}
