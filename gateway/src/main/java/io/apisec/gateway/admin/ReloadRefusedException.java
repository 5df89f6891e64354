package io.apisec.gateway.admin;

/** A reload not applied: the running configuration stays. The message says why and what to do. */
public final class ReloadRefusedException extends RuntimeException {

    private final boolean restartNeeded;

    public ReloadRefusedException(String message, boolean restartNeeded) {
        super(message, null, false, false);
        this.restartNeeded = restartNeeded;
    }

    /** True when the file is valid but changes something only a restart applies; false when it is invalid. */
    public boolean restartNeeded() {
        return restartNeeded;
    }
}
