package dev.integrity.platform.error;

import java.sql.SQLException;

/**
 * A database failure on a path that talks JDBC directly, unchecked. The shared error contract maps
 * it by the SQLSTATE of its cause, like any other database failure.
 */
public class StorageException extends RuntimeException {

    public StorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
