package io.apisec.tokenserver.refresh;

import io.apisec.tokenserver.storage.StorageException;
import io.apisec.tokenserver.token.TokenHash;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link RefreshTokenRepository} on the token server's database (table {@code refresh_tokens}). */
public final class JdbcRefreshTokenRepository implements RefreshTokenRepository {

    private final DataSource dataSource;

    public JdbcRefreshTokenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void insertFamily(String familyId, String clientId, Instant expiresAt) {
        String sql = "INSERT INTO refresh_families (family_id, client_id, expires_at) VALUES (?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, familyId);
            s.setString(2, clientId);
            s.setLong(3, expiresAt.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("record a refresh token family", e);
        }
    }

    @Override
    public boolean isFamilyRevoked(String familyId) {
        String sql = "SELECT revoked_at FROM refresh_families WHERE family_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, familyId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return true;
                }
                rs.getLong(1);
                return !rs.wasNull();
            }
        } catch (SQLException e) {
            throw StorageException.of("read a refresh token family", e);
        }
    }

    @Override
    public void insert(RefreshTokenRecord t) {
        String sql = "INSERT INTO refresh_tokens (token_hash, family_id, client_id, subject, scope, audience, issued_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, t.tokenHash());
            s.setString(2, t.familyId());
            s.setString(3, t.clientId());
            s.setString(4, t.subject());
            s.setString(5, String.join(" ", t.scopes()));
            s.setString(6, String.join(" ", t.audiences()));
            s.setLong(7, t.issuedAt().toEpochMilli());
            s.setLong(8, t.expiresAt().toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("record refresh token " + TokenHash.logPrefix(t.tokenHash()), e);
        }
    }

    @Override
    public Optional<RefreshTokenRecord> findByHash(String tokenHash) {
        String sql = "SELECT token_hash, family_id, client_id, subject, scope, audience, issued_at, expires_at, used_at, "
                + "revoked_at FROM refresh_tokens WHERE token_hash = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tokenHash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RefreshTokenRecord(rs.getString("token_hash"), rs.getString("family_id"),
                        rs.getString("client_id"), rs.getString("subject"), Set.copyOf(words(rs.getString("scope"))),
                        words(rs.getString("audience")), Instant.ofEpochMilli(rs.getLong("issued_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")), instant(rs, "used_at"), instant(rs, "revoked_at")));
            }
        } catch (SQLException e) {
            throw StorageException.of("read refresh token " + TokenHash.logPrefix(tokenHash), e);
        }
    }

    @Override
    public boolean markUsed(String tokenHash, Instant at) {
        String sql = "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, tokenHash);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StorageException.of("rotate refresh token " + TokenHash.logPrefix(tokenHash), e);
        }
    }

    @Override
    public int revokeFamily(String familyId, Instant at) {
        return revokeWhere("family_id", familyId, at);
    }

    @Override
    public void unmarkUsed(String tokenHash, Instant markedAt) {
        String sql = "UPDATE refresh_tokens SET used_at = NULL WHERE token_hash = ? AND used_at = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tokenHash);
            s.setLong(2, markedAt.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("put back refresh token " + TokenHash.logPrefix(tokenHash), e);
        }
    }

    /** The families first, each statement committed: a rotation that checks its family after this sees it. */
    private int revokeWhere(String column, String value, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement families = c.prepareStatement(
                    "UPDATE refresh_families SET revoked_at = ? WHERE " + column + " = ? AND revoked_at IS NULL")) {
                families.setLong(1, at.toEpochMilli());
                families.setString(2, value);
                families.executeUpdate();
            }
            try (PreparedStatement tokens = c.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE " + column + " = ? AND revoked_at IS NULL")) {
                tokens.setLong(1, at.toEpochMilli());
                tokens.setString(2, value);
                return tokens.executeUpdate();
            }
        } catch (SQLException e) {
            throw StorageException.of("revoke refresh tokens", e);
        }
    }

    @Override
    public int revokeAllOf(String clientId, Instant at) {
        return revokeWhere("client_id", clientId, at);
    }

    @Override
    public int purgeExpired(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM refresh_tokens WHERE expires_at < ?");
             PreparedStatement f = c.prepareStatement("DELETE FROM refresh_families WHERE expires_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            f.setLong(1, before.toEpochMilli());
            int purged = s.executeUpdate();
            // A family outlives none of its tokens: it expires with them.
            f.executeUpdate();
            return purged;
        } catch (SQLException e) {
            throw StorageException.of("purge expired refresh tokens", e);
        }
    }


    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static List<String> words(String value) {
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(" "));
    }
}
