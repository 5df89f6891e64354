package io.apisec.cli.demo;

import java.nio.file.Path;

/**
 * What the demo prints once everything is ready: commands to paste into another terminal, in order, each with what
 * it shows and what to expect. Every {@code curl} ends with a line {@code HTTP <status>} (and the RFC 6750 challenge
 * of a refusal); the demo's test runs the
 * whole guide with bash and checks those lines, so the guide cannot drift from what the system does.
 */
final class DemoGuide {

    private DemoGuide() {
    }

    static String text(Path dir, DemoPorts ports) {
        String gateway = "https://localhost:" + ports.gateway();
        String tokens = "https://localhost:" + ports.tokenServer();
        String curl = "curl -s --cacert \"$DEMO/ca.pem\" -w '\\nHTTP %{http_code} %header{www-authenticate}\\n'";
        String json = "-H 'Content-Type: application/json' -d '{\"sku\":\"milk-jug\",\"quantity\":1}'";
        return """
                # Paste these into another terminal, in order. Every service verifies the others over HTTPS with the
                # demo's own certificate authority ($DEMO/ca.pem); each client's secret is in $DEMO/secrets/.
                DEMO='%1$s'
                token() { curl -s --cacert "$DEMO/ca.pem" -u "$1:$(cat "$DEMO/secrets/$1")" -d grant_type=client_credentials \\
                  --data-urlencode "scope=$2" %3$s/oauth/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/'; }

                # 1. Alice's shop app, an external client, gets an opaque token: 43 random characters, nothing to read.
                TOKEN=$(token alice-shop "orders:read"); echo "$TOKEN"

                # 2. It calls the Orders API through the gateway: 200, her order, no price (her subscription is basic).
                %4$s -H "Authorization: Bearer $TOKEN" %2$s/orders/o-1001

                # 3. What the API received: not the opaque token but a JWT that the gateway got for it from the token
                #    server (the phantom token), verified by the API itself, with the claims the token server manages.
                %4$s -H "Authorization: Bearer $TOKEN" %2$s/whoami

                # 4. A scope refusal, at the gateway: placing an order needs orders:write. 403 insufficient_scope.
                %4$s -H "Authorization: Bearer $TOKEN" %5$s %2$s/orders

                # 5. A claims refusal, at the API: order o-1003 is Bob's (customer_id c-1002). 403.
                %4$s -H "Authorization: Bearer $TOKEN" %2$s/orders/o-1003

                # 6. A rate limit: /whoami allows each client 5 calls a minute, one more every 12 s (step 3 was one).
                #    Six calls in a row: 200 until the budget is spent, then 429 with Retry-After.
                for i in 1 2 3 4 5 6; do %4$s -o /dev/null -H "Authorization: Bearer $TOKEN" %2$s/whoami; done

                # 7. An order placed with a token that may: 201. The Orders API reserved the stock at the Inventory API
                #    with a token it got by token exchange (RFC 8693): only for Inventory, only to reserve, for Alice.
                WRITER=$(token alice-shop "orders:read orders:write inventory:reserve")
                %4$s -H "Authorization: Bearer $WRITER" %5$s %2$s/orders

                # 8. Revocation: Alice's app revokes its first token (200); the gateway drops it at once: 401.
                curl -s --cacert "$DEMO/ca.pem" -u "alice-shop:$(cat "$DEMO/secrets/alice-shop")" -d "token=$TOKEN" \\
                  -w 'HTTP %%{http_code}\\n' %3$s/oauth/revoke
                %4$s -H "Authorization: Bearer $TOKEN" %2$s/orders/o-1001

                # 9. Around the gateway, straight to the API, which trusts no one: no token (401); an opaque token, no JWT
                #    (401); a valid JWT of the token server's, but for the Inventory API (401).
                %4$s https://localhost:%6$d/orders/o-1001
                %4$s -H "Authorization: Bearer $WRITER" https://localhost:%6$d/orders/o-1001
                %4$s -H "Authorization: Bearer $(token stock-monitor inventory:read)" https://localhost:%6$d/orders/o-1001

                # 10. What the gateway counted, from its admin listener (a JWT of its administrator): requests by route
                #     and status, and every refusal above by reason.
                %4$s -o "$DEMO/metrics.txt" -H "Authorization: Bearer $(token gateway-admin gateway:metrics)" \\
                  https://localhost:%7$d/metrics
                grep -E '^apisec_gateway_(refusals_total|requests_seconds_count)' "$DEMO/metrics.txt"

                # Each request's line in the gateway's access log: tail "$DEMO/access.log"
                # The token server's keys and clients, as its administrator (from this checkout):
                #   bin/apisec keys list --token-server %3$s --admin https://localhost:%8$d \\
                #     --cacert "$DEMO/ca.pem" --client-secret-file "$DEMO/secrets/admin"
                #   (and keys rotate, keys revoke KID, clients list|add|disable|rotate-secret)
                """.formatted(dir.toAbsolutePath(), gateway, tokens, curl, json, ports.orders(), ports.gatewayAdmin(),
                ports.tokenServerAdmin());
    }
}
