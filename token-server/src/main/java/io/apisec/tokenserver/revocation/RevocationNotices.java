package io.apisec.tokenserver.revocation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each revocation to the listeners: a gateway in the same process (a direct call), the Redis publisher
 * that reaches gateway nodes. A failing listener is logged and does not stop the others or the revocation,
 * which is already stored: the gateway's cache lifetime still bounds what a lost notice costs.
 */
public final class RevocationNotices implements Consumer<RevocationNotice> {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationNotices.class);

    private final List<Consumer<RevocationNotice>> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Consumer<RevocationNotice> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void accept(RevocationNotice notice) {
        for (Consumer<RevocationNotice> listener : listeners) {
            try {
                listener.accept(notice);
            } catch (RuntimeException e) {
                LOG.warn("A revocation listener failed ({}): {}", notice.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
