package io.apisec.tokenserver.storage;

import java.sql.SQLException;

/** The database failed us: our fault, answered 503/500, never blamed on the client. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * "Cannot {@code what} (SQLState ...)": never the driver's message, which may quote the values it refused
     * (claims, registrations) into a log line.
     */
    public static StorageException of(String what, SQLException e) {
        return new StorageException("Cannot " + what + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** Whether {@code e} is an integrity violation (SQLState class 23): a key already taken, on H2 and PostgreSQL. */
    public static boolean isUniqueViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
