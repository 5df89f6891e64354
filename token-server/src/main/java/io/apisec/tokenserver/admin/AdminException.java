package io.apisec.tokenserver.admin;

/** A refused admin request: its status, and a detail that says what to do instead. Stackless. */
public final class AdminException extends Exception {

    private final int status;
    private final String title;

    private AdminException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static AdminException badRequest(String detail) {
        return new AdminException(400, "Bad Request", detail);
    }

    public static AdminException notFound(String detail) {
        return new AdminException(404, "Not Found", detail);
    }

    public static AdminException conflict(String detail) {
        return new AdminException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
