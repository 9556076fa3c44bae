package dev.integrity.matching.repository;

import java.sql.SQLException;

/** A database failure on a matching path; the shared error contract maps it by its SQLSTATE. */
public class MatchingStorageException extends RuntimeException {

    public MatchingStorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
