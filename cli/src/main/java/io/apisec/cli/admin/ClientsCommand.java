package io.apisec.cli.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code apisec clients list|add|disable|rotate-secret}: the token server's clients, through its admin API. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "The token server's clients.",
        subcommands = {ClientsCommand.List.class, ClientsCommand.Add.class, ClientsCommand.Disable.class,
                ClientsCommand.RotateSecret.class})
public final class ClientsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every client: from the configuration file and registered here, enabled or not.")
    static final class List extends AdminCall {
        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("GET", "/admin/clients", null);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {
            "Registers a client from a JSON file with the keys of a configuration-file client (id, authentication,",
            "grant-types, scopes, audiences...). A secret is made for it and shown once, here: keep it."})
    static final class Add extends AdminCall {
        @Option(names = "--from", required = true, paramLabel = "FILE", description = "the client, as JSON")
        Path from;

        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            String registration;
            try {
                registration = new JsonObject(Files.readString(from)).encode();
            } catch (IOException | DecodeException e) {
                throw AdminCommandException.usage(from + " is not a readable JSON object: " + e.getMessage());
            }
            return client.call("POST", "/admin/clients", registration);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables a client: it gets no more tokens, and those it has are revoked at once.")
    static final class Disable extends AdminCall {
        @Parameters(paramLabel = "ID", description = "the client's id")
        String id;

        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("POST", "/admin/clients/" + AdminClient.segment(id) + "/disable", null);
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Gives a registered client a new secret, shown once, here; the old one stops working.")
    static final class RotateSecret extends AdminCall {
        @Parameters(paramLabel = "ID", description = "the client's id")
        String id;

        @Override
        JsonObject call(AdminClient client) throws AdminCommandException {
            return client.call("POST", "/admin/clients/" + AdminClient.segment(id) + "/secret", null);
        }
    }
}
