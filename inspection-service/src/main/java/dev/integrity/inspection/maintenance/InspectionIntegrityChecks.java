package dev.integrity.inspection.maintenance;

import dev.integrity.inspection.service.DuplicateResolver;
import dev.integrity.platform.admin.IntegrityCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** inspection-service's answers to {@code GET /admin/integrity}: the seed's monitoring queries, always 0. */
@ApplicationScoped
public class InspectionIntegrityChecks implements IntegrityCheck {

    @Inject
    DuplicateResolver resolver;

    @Override
    public List<Result> check() {
        return List.of(
                Result.zero("AEDs with more than one open inspection session", resolver.duplicateSessions().size()),
                Result.zero("pairs of live schedules of one AED less than 30 minutes apart", resolver.overlappingSchedules().size()));
    }
}
