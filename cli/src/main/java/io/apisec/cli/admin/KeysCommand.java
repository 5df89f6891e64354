package io.apisec.cli.admin;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code apisec keys list|rotate|revoke KID}: the token server's signing keys, through its admin API. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "The token server's signing keys.",
        subcommands = {KeysCommand.List.class, KeysCommand.Rotate.class, KeysCommand.Revoke.class})
public final class KeysCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the keys: which signs, which are published, when each activates and retires.")
    static final class List extends AdminCall {
        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("GET", "/admin/keys", null);
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Makes the next key: published at once, signing once the pre-publication period is over.")
    static final class Rotate extends AdminCall {
        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("POST", "/admin/keys/rotate", null);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Withdraws a key at once (a compromised key): tokens it signed stop verifying.")
    static final class Revoke extends AdminCall {
        @Parameters(paramLabel = "KID", description = "the key's id, as keys list shows it")
        String kid;

        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("POST", "/admin/keys/" + AdminClient.segment(kid) + "/revoke", null);
        }
    }
}
