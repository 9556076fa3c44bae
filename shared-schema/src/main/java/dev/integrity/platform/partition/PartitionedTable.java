package dev.integrity.platform.partition;

/**
 * A RANGE-partitioned table under partition upkeep, for example {@code device.imu_data} by day.
 * Its migration registers it in the schema's {@code partitioned_table}; only registered tables
 * can be extended.
 */
public record PartitionedTable(String qualifiedName, Granularity granularity) {

    public PartitionedTable {
        if (!qualifiedName.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("expected schema.table, got " + qualifiedName);
        }
    }

    public String schema() {
        return qualifiedName.substring(0, qualifiedName.indexOf('.'));
    }

    public String table() {
        return qualifiedName.substring(qualifiedName.indexOf('.') + 1);
    }
}
