package dev.integrity.device.maintenance;

import dev.integrity.device.DeviceConfig;
import dev.integrity.device.service.ImuIngestService;
import dev.integrity.platform.admin.IntegrityCheck;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;

/** device-service's answers to {@code GET /admin/integrity}. */
@ApplicationScoped
public class DeviceIntegrityChecks implements IntegrityCheck {

    /**
     * Device ids that imu_data references but devices lacks. The distinct ids are walked through
     * the primary key's index (a loose index scan, one probe per device), so the check stays
     * cheap however many samples there are.
     */
    private static final String ORPHANS = """
            WITH RECURSIVE ids AS (
                (SELECT device_id FROM device.imu_data ORDER BY device_id LIMIT 1)
                UNION ALL
                SELECT (SELECT i.device_id FROM device.imu_data i WHERE i.device_id > ids.device_id ORDER BY i.device_id LIMIT 1)
                  FROM ids WHERE ids.device_id IS NOT NULL)
            SELECT count(*) FROM ids
             WHERE ids.device_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM device.devices d WHERE d.device_id = ids.device_id)""";

    @Inject
    EntityManager em;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    DeviceConfig config;

    @Override
    public List<Result> check() {
        long orphans = ((Number) em.createNativeQuery(ORPHANS).getSingleResult()).longValue();
        long stuck = partitions.defaultPartitionRows(ImuIngestService.IMU_DATA);
        Instant today = Granularity.DAY.floor(Instant.now());
        List<Instant> missing = partitions.missingPeriods(ImuIngestService.IMU_DATA, today,
                Granularity.DAY.plus(today, config.premakeDays()));
        return List.of(
                Result.zero("imu_data rows without a device", orphans),
                Result.zero("imu_data rows in a default partition", stuck),
                new Result("imu_data partitions missing from today through the premake horizon",
                        missing.stream().map(Instant::toString).toList(), missing.isEmpty()));
    }
}
