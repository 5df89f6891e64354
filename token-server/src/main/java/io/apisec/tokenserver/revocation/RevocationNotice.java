package io.apisec.tokenserver.revocation;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * What a gateway must forget from its token cache at once, because the token server revoked it: one access
 * token (named by its hex SHA-256, as the gateway's cache names it), every token of a subject (a refresh
 * family was revoked), or every token of a client (the client was disabled) issued before {@code at}. The JSON
 * form is the contract with the gateways: {@code {"type":"token","token_hash":...}},
 * {@code {"type":"subject","subject":...,"revoked_at":<epoch seconds>}},
 * {@code {"type":"client","client_id":...,"revoked_at":<epoch seconds>}}.
 */
public sealed interface RevocationNotice {

    JsonObject toJson();

    record Token(String tokenHash) implements RevocationNotice {
        public Token {
            Objects.requireNonNull(tokenHash, "tokenHash");
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("type", "token").put("token_hash", tokenHash);
        }
    }

    record Subject(String subject, Instant at) implements RevocationNotice {
        public Subject {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("type", "subject").put("subject", subject)
                    .put("revoked_at", at.getEpochSecond());
        }
    }

    record Client(String clientId, Instant at) implements RevocationNotice {
        public Client {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("type", "client").put("client_id", clientId)
                    .put("revoked_at", at.getEpochSecond());
        }
    }
}
