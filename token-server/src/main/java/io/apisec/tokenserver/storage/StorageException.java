package io.apisec.tokenserver.storage;

/** The database failed us: our fault, answered 503/500, never blamed on the client. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
