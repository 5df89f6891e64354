package io.apisec.tokenserver.config;

import io.apisec.tokenserver.client.TokenFormat;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finds a sensitive claim that the policy would release in a readable token (jwt or split) to a client
 * whose tokens leave the network: such a claim could be read by anyone holding the token. Checked at load,
 * so that the mistake is refused before the first token is issued rather than discovered after a leak.
 */
final class SensitiveClaimCheck {

    /** A sensitive claim that reaches an external client's readable tokens through {@code scope}. */
    record Exposure(int claimIndex, int clientIndex, String scope) {
    }

    private SensitiveClaimCheck() {
    }

    static Optional<Exposure> firstExposure(List<ClaimConfig> claims, List<ClientConfig> clients) {
        for (int claimIndex = 0; claimIndex < claims.size(); claimIndex++) {
            ClaimConfig claim = claims.get(claimIndex);
            if (!claim.sensitive()) {
                continue;
            }
            for (int clientIndex = 0; clientIndex < clients.size(); clientIndex++) {
                ClientConfig client = clients.get(clientIndex);
                if (!readableOutside(client) || !reachesAudiences(claim, client)) {
                    continue;
                }
                for (String scope : claim.scopes()) {
                    if (client.scopes().contains(scope)) {
                        return Optional.of(new Exposure(claimIndex, clientIndex, scope));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The client's tokens carry claims anyone can read, and they leave the network. */
    private static boolean readableOutside(ClientConfig client) {
        return client.network() == Network.EXTERNAL && client.tokenFormat() != TokenFormat.OPAQUE;
    }

    /** The claim is for any audience, or for one the client may request. */
    private static boolean reachesAudiences(ClaimConfig claim, ClientConfig client) {
        return claim.audiences().isEmpty() || !Collections.disjoint(claim.audiences(), client.audiences());
    }
}
