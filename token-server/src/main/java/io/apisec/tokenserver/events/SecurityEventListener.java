package io.apisec.tokenserver.events;

/** Told of every security event as it is recorded (metrics). Must be fast and must not throw. */
@FunctionalInterface
public interface SecurityEventListener {

    void onEvent(SecurityEvent event);
}
