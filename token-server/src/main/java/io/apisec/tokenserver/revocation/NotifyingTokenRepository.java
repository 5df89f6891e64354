package io.apisec.tokenserver.revocation;

import io.apisec.tokenserver.token.TokenRecord;
import io.apisec.tokenserver.token.TokenRepository;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The access-token records, announcing what they revoke: one token by its hash, or all of a client's. A
 * refresh family's tokens are announced by {@link io.apisec.tokenserver.refresh.RefreshTokens}, which knows
 * the family's subject.
 */
public final class NotifyingTokenRepository implements TokenRepository {

    private final TokenRepository records;
    private final Consumer<RevocationNotice> notices;

    public NotifyingTokenRepository(TokenRepository records, Consumer<RevocationNotice> notices) {
        this.records = Objects.requireNonNull(records, "records");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    @Override
    public void insert(TokenRecord token) {
        records.insert(token);
    }

    @Override
    public Optional<TokenRecord> findByHash(String tokenHash) {
        return records.findByHash(tokenHash);
    }

    @Override
    public Optional<TokenRecord> findByJti(String jti) {
        return records.findByJti(jti);
    }

    @Override
    public boolean revoke(String tokenHash, String clientId, Instant at) {
        boolean revoked = records.revoke(tokenHash, clientId, at);
        if (revoked) {
            notices.accept(new RevocationNotice.Token(tokenHash));
        }
        return revoked;
    }

    @Override
    public int revokeFamily(String refreshFamily, Instant at) {
        return records.revokeFamily(refreshFamily, at);
    }

    @Override
    public int revokeAllOf(String clientId, Instant at) {
        int revoked = records.revokeAllOf(clientId, at);
        notices.accept(new RevocationNotice.Client(clientId, at));
        return revoked;
    }

    @Override
    public int purgeExpired(Instant before) {
        return records.purgeExpired(before);
    }
}
