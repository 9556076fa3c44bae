package dev.integrity.platform.testing.layering.planted.rest;

/** A view, as a resource answers it. */
public record InvoiceView(long id) {
}
