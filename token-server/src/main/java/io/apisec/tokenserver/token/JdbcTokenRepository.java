package io.apisec.tokenserver.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link TokenRepository} on the token server's database. */
public final class JdbcTokenRepository implements TokenRepository {

    private final DataSource dataSource;

    public JdbcTokenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void insert(TokenRecord t) {
        String sql = "INSERT INTO access_tokens (token_hash, jti, format, client_id, subject, scope, audience, claims, "
                + "issued_at, expires_at, revoked_at, refresh_family) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, t.tokenHash());
            s.setString(2, t.jti());
            s.setString(3, t.format().name());
            s.setString(4, t.clientId());
            s.setString(5, t.subject());
            s.setString(6, String.join(" ", t.scopes()));
            s.setString(7, String.join(" ", t.audiences()));
            s.setString(8, JSONObjectUtils.toJSONString(t.claims()));
            s.setLong(9, t.issuedAt().toEpochMilli());
            s.setLong(10, t.expiresAt().toEpochMilli());
            s.setNull(11, Types.BIGINT);
            s.setString(12, t.refreshFamily().orElse(null));
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("record token " + TokenHash.logPrefix(t.tokenHash()), e);
        }
    }

    @Override
    public Optional<TokenRecord> findByHash(String tokenHash) {
        return findOne("token_hash", tokenHash);
    }

    @Override
    public Optional<TokenRecord> findByJti(String jti) {
        return findOne("jti", jti);
    }

    private Optional<TokenRecord> findOne(String column, String value) {
        String sql = "SELECT token_hash, jti, format, client_id, subject, scope, audience, claims, issued_at, expires_at, "
                + "revoked_at, refresh_family FROM access_tokens WHERE " + column + " = ?";
        String tokenHash = column.equals("token_hash") ? value : "jti:" + value;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long revokedMillis = rs.getLong("revoked_at");
                Optional<Instant> revoked = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedMillis));
                return Optional.of(new TokenRecord(rs.getString("token_hash"), rs.getString("jti"),
                        TokenFormat.valueOf(rs.getString("format")), rs.getString("client_id"), rs.getString("subject"),
                        Set.copyOf(words(rs.getString("scope"))), words(rs.getString("audience")),
                        JSONObjectUtils.parse(rs.getString("claims")), Instant.ofEpochMilli(rs.getLong("issued_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")), revoked,
                        Optional.ofNullable(rs.getString("refresh_family"))));
            }
        } catch (SQLException e) {
            throw StorageException.of("read token " + TokenHash.logPrefix(tokenHash), e);
        } catch (ParseException e) {
            throw new StorageException("Cannot read token " + TokenHash.logPrefix(tokenHash) + ": its stored claims"
                    + " are not JSON", e);
        }
    }

    @Override
    public boolean revoke(String tokenHash, String clientId, Instant at) {
        String sql = "UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND client_id = ? AND revoked_at IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, tokenHash);
            s.setString(3, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StorageException.of("revoke token " + TokenHash.logPrefix(tokenHash), e);
        }
    }

    @Override
    public int revokeFamily(String refreshFamily, Instant at) {
        String sql = "UPDATE access_tokens SET revoked_at = ? WHERE refresh_family = ? AND revoked_at IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, refreshFamily);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("revoke the access tokens of a refresh family", e);
        }
    }

    @Override
    public int revokeAllOf(String clientId, Instant at) {
        // Its own tokens, and those other clients got by exchanging them within one of its refresh families.
        String sql = "UPDATE access_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND (client_id = ? OR "
                + "refresh_family IN (SELECT family_id FROM refresh_families WHERE client_id = ?))";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, clientId);
            s.setString(3, clientId);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("revoke the access tokens of a client", e);
        }
    }

    @Override
    public int purgeExpired(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM access_tokens WHERE expires_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("purge expired tokens", e);
        }
    }

    private static List<String> words(String value) {
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(" "));
    }
}
