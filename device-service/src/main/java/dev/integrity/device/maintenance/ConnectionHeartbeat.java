package dev.integrity.device.maintenance;

import dev.integrity.device.service.OnlineDevices;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Marks the devices connected to this replica as seen, so "online" holds across replicas. Each
 * replica does this for its own sockets only, so it needs no lock.
 */
@ApplicationScoped
public class ConnectionHeartbeat {

    @Inject
    OnlineDevices online;

    @Scheduled(every = "{device.jobs.heartbeat-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        online.heartbeat();
    }
}
