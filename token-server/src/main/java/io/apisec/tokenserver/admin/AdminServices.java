package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.client.ClientDirectory;
import io.apisec.tokenserver.client.JdbcClientStore;
import io.apisec.tokenserver.claims.ClaimsDirectory;
import io.apisec.tokenserver.claims.JdbcClaimRuleStore;
import io.apisec.tokenserver.events.EventStore;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.refresh.RefreshTokens;
import io.apisec.tokenserver.token.TokenRepository;

/** What the admin API manages and reads. */
public record AdminServices(KeyManager keys, TokenRepository accessTokens, RefreshTokens refreshTokens,
                            EventStore eventStore, SecurityEvents events, Registrations registrations,
                            JdbcClientStore clientStore, ClientDirectory clients, JdbcClaimRuleStore claimStore,
                            ClaimsDirectory claims) {
}
