package dev.integrity.inspection.repository;

import java.sql.SQLException;

/** A database failure on an inspection path; the shared error contract maps it by its SQLSTATE. */
public class InspectionStorageException extends RuntimeException {

    public InspectionStorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
