package io.apisec.gateway.pipeline;

import io.apisec.gateway.block.DenyRules;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Step 2: the deny list, 403 {@code access_denied}. Placed twice: before routing for source addresses (a blocked
 * address costs nothing more), and after authentication for client ids and subjects (only a verified token
 * names them).
 */
public final class BlockStep implements ProxyInterceptor {

    private final DenyRules deny;
    private final boolean identities;

    private BlockStep(DenyRules deny, boolean identities) {
        this.deny = Objects.requireNonNull(deny, "deny");
        this.identities = identities;
    }

    public static BlockStep addresses(DenyRules deny) {
        return new BlockStep(deny, false);
    }

    public static BlockStep identities(DenyRules deny) {
        return new BlockStep(deny, true);
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        boolean denied;
        if (identities) {
            AccessToken token = context.get(Attributes.TOKEN, AccessToken.class);
            denied = token != null && deny.deniesIdentity(token);
        } else {
            SocketAddress source = context.request().proxiedRequest().remoteAddress();
            // The address is parsed only when some address is denied: most gateways deny none.
            denied = source != null && source.hostAddress() != null && deny.deniesAnyAddress()
                    && deny.deniesAddress(new InetSocketAddress(source.hostAddress(), Math.max(0, source.port())));
        }
        if (denied) {
            return Refusal.send(context, 403, "access_denied", "Access is denied.",
                    identities ? "blocked identity" : "blocked address");
        }
        return context.sendRequest();
    }
}
