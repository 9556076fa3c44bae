package dev.integrity.platform.testing.layering.planted.service;

import dev.integrity.platform.testing.layering.planted.rest.InvoiceView;

/** Planted for {@code LayeringContractTest}: a service that takes a rest DTO, the arrow run backwards. */
public class Billing {

    public long bill(InvoiceView invoice) {
        return invoice.id();
    }
}
