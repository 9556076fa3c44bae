package dev.integrity.device.repository;

import dev.integrity.device.DeviceStatus;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The device-row statements of the ingest path, which must be one round trip each. */
@ApplicationScoped
public class DeviceRepository {

    /** What admission needs to know about a known device. */
    public record Access(DeviceStatus status, String apiKeyHash) {
    }

    private static final String FIND = "SELECT status, api_key_hash FROM device.devices WHERE device_id = ?";
    /**
     * At most one new version of a device row per five seconds: a sensor sending five
     * batches a second made five dead row versions a second, which VACUUM cannot remove while any
     * transaction's snapshot is older (an analyst's long query), so every later lookup of the row
     * walked a longer chain of them (ingestion p99 x2.8 behind one 60 s read, measured by
     * {@code ./dev drill locks}). Online status reads a one-minute window; five seconds are nothing to it.
     */
    private static final String TOUCH = "UPDATE device.devices SET last_seen_at = now() WHERE device_id = ? "
            + "AND (last_seen_at IS NULL OR last_seen_at < now() - interval '5 seconds')";
    /** Names the primary key, a real unique constraint: the seed's 42P10 cannot happen here. */
    private static final String INSERT_IF_ABSENT = "INSERT INTO device.devices (device_id, api_key_hash, auto_provisioned, last_seen_at) "
            + "VALUES (?, ?, true, now()) ON CONFLICT (device_id) DO NOTHING RETURNING device_id";
    private static final String HEARTBEAT = "UPDATE device.devices SET last_seen_at = now() WHERE device_id = ANY (?)";
    private static final String FIND_ALL = "SELECT device_id, status, api_key_hash FROM device.devices WHERE device_id = ANY (?)";
    private static final String TOUCH_ALL = "UPDATE device.devices SET last_seen_at = now() WHERE device_id = ANY (?) "
            + "AND (last_seen_at IS NULL OR last_seen_at < now() - interval '5 seconds')";
    private static final String INSERT_ALL_IF_ABSENT = "INSERT INTO device.devices (device_id, auto_provisioned, last_seen_at) "
            + "SELECT id, true, now() FROM unnest(?::text[]) AS id ORDER BY id ON CONFLICT (device_id) DO NOTHING RETURNING device_id";

    @Inject
    AgroalDataSource dataSource;

    /** A device's status and key hash, without marking it seen. */
    public Optional<Access> find(String deviceId) {
        return NativeSql.one(dataSource, FIND, ps -> ps.setString(1, deviceId), rs -> new Access(CodedEnum.of(DeviceStatus.class, rs.getString(1)), rs.getString(2)));
    }

    /**
     * Marks a device as seen now (unless it was in the last five seconds), in the caller's
     * transaction: a refused batch rolls it back.
     */
    public void touch(String deviceId) {
        NativeSql.update(dataSource, TOUCH, ps -> ps.setString(1, deviceId));
    }

    /**
     * Creates an auto-provisioned device unless it exists. Returns true if this call created it.
     * Concurrent callers for the same id wait on the first one's insert; exactly one row results.
     */
    public boolean insertIfAbsent(String deviceId, String apiKeyHash) {
        return NativeSql.one(dataSource, INSERT_IF_ABSENT, ps -> {
            ps.setString(1, deviceId);
            ps.setString(2, apiKeyHash);
        }, rs -> true).isPresent();
    }

    /** What admission needs to know about each of these devices that exists, by id: one round trip. */
    public Map<String, Access> findAll(Collection<String> deviceIds) {
        Map<String, Access> found = new HashMap<>();
        for (var row : NativeSql.list(dataSource, FIND_ALL, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())),
                rs -> Map.entry(rs.getString(1), new Access(CodedEnum.of(DeviceStatus.class, rs.getString(2)), rs.getString(3))))) {
            found.put(row.getKey(), row.getValue());
        }
        return found;
    }

    /**
     * Creates every one of these devices that does not exist, auto-provisioned without a key, in
     * the caller's transaction (in id order, so two such statements never wait on each other in a
     * circle); returns the ids this call created.
     */
    public List<String> insertAllIfAbsent(Collection<String> deviceIds) {
        return NativeSql.list(dataSource, INSERT_ALL_IF_ABSENT, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())),
                rs -> rs.getString(1));
    }

    /** {@link #touch} for several devices in one statement. */
    public void touchAll(Collection<String> deviceIds) {
        NativeSql.update(dataSource, TOUCH_ALL, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())));
    }

    /** Marks every given device as seen now: the heartbeat of WebSocket connections. */
    public int heartbeat(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return 0;
        }
        return NativeSql.update(dataSource, HEARTBEAT, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())));
    }
}
