package dev.integrity.inspection.service;

import dev.integrity.inspection.Aed;
import dev.integrity.inspection.repository.AedRepository;
import dev.integrity.platform.paging.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** The AED registry: a serial belongs to one AED, and the unique constraint says so. */
@ApplicationScoped
public class AedService {

    @Inject
    AedRepository aeds;

    /** Registers an AED; a serial another AED has is a 409 naming that AED, whether or not the two raced. */
    @Transactional
    public Aed register(String serial, String location, String model, Instant installedAt) {
        long id = aeds.insertIfAbsent(serial, location, model, installedAt).orElseThrow(() -> InspectionProblems.serialTaken(serial,
                Aed.<Aed>find("equipmentSerial", serial).firstResultOptional().map(taken -> taken.id).orElse(null)));
        return Aed.<Aed>findByIdOptional(id).orElseThrow();
    }

    public Aed get(long id) {
        return Aed.<Aed>findByIdOptional(id).orElseThrow(() -> InspectionProblems.unknownAed(id));
    }

    /** A page of AEDs by id, optionally only the one with this serial. */
    public Page<Aed> list(String serial, int page, int size) {
        PanacheQuery<Aed> query = serial == null
                ? Aed.findAll(Sort.by("id"))
                : Aed.find("equipmentSerial = :serial", Sort.by("id"), Parameters.with("serial", serial));
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }
}
