package dev.integrity.platform.sql;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code platform_datasource_max_size{datasource}}: the pool's configured ceiling
 * ({@code quarkus.datasource.jdbc.max-size}), beside Agroal's own {@code agroal_active_count} and
 * {@code agroal_awaiting_count}, so that the pool-saturation alert and the dashboards can say how
 * full the pool is without knowing each deployment's setting.
 */
@ApplicationScoped
@Startup
public class PoolSize {

    static final String NAME = "platform.datasource.max.size";

    @Inject
    public PoolSize(MeterRegistry registry, @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int maxSize) {
        // One left by an application that ran before in this JVM (the tests restart it) goes first.
        registry.find(NAME).gauges().forEach(registry::remove);
        Gauge.builder(NAME, () -> maxSize).description("The connection pool's configured maximum size")
                .tag("datasource", "default").register(registry);
    }
}
