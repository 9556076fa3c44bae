package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.DeviceConfig;
import dev.integrity.device.repository.DeviceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which devices are online. A device is online while it holds a WebSocket to this replica, or for
 * {@code device.online-window} after it was last seen by any replica. Each replica marks its
 * connected devices as seen every few seconds, so the database answer holds cluster-wide.
 */
@ApplicationScoped
public class OnlineDevices {

    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();

    @Inject
    DeviceConfig config;

    @Inject
    DeviceRepository devices;

    /**
     * In memory only, so a socket's opening costs no database write (a burst of reconnecting sensors
     * would otherwise queue for connections before their first batch): this replica answers
     * "online" at once, and the heartbeat tells the database within {@code device.jobs.heartbeat-every};
     * a batch marks its device seen as it is stored.
     */
    public void connected(String deviceId) {
        connections.computeIfAbsent(deviceId, id -> new AtomicInteger()).incrementAndGet();
    }

    public void disconnected(String deviceId) {
        connections.computeIfPresent(deviceId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public Set<String> connectedHere() {
        return Set.copyOf(connections.keySet());
    }

    public boolean isOnline(Device device) {
        return connections.containsKey(device.deviceId)
                || (device.lastSeenAt != null && device.lastSeenAt.isAfter(onlineSince()));
    }

    /** Seen after this instant means online. */
    public Instant onlineSince() {
        return Instant.now().minus(config.onlineWindow());
    }

    /** Marks this replica's connected devices as seen now. */
    public int heartbeat() {
        return heartbeat(connectedHere());
    }

    private int heartbeat(Set<String> deviceIds) {
        return deviceIds.isEmpty() ? 0 : QuarkusTransaction.requiringNew().call(() -> devices.heartbeat(deviceIds));
    }
}
