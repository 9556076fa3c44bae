package dev.integrity.inspection.service;

import dev.integrity.inspection.Aed;
import dev.integrity.inspection.repository.AedRepository;
import dev.integrity.platform.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/** The AED registry: a serial belongs to one AED, and the unique constraint says so. */
@ApplicationScoped
public class AedService {

    @Inject
    AedRepository aeds;

    public Aed register(String serial, String location, String model, Instant installedAt) {
        try {
            return aeds.insert(serial, location, model, installedAt);
        } catch (AedRepository.SerialTaken taken) {
            throw InspectionProblems.serialTaken(serial, taken.existingId);
        }
    }

    public Aed get(long id) {
        return aeds.findById(id).orElseThrow(() -> InspectionProblems.unknownAed(id));
    }

    public Page<Aed> list(String serial, int page, int size) {
        return new Page<>(aeds.list(serial, page, size), page, size, aeds.count(serial));
    }
}
