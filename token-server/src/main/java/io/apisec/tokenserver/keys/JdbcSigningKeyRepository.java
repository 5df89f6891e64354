package io.apisec.tokenserver.keys;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.tokenserver.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SigningKeyRepository} on the token server's database (H2 or PostgreSQL). */
public final class JdbcSigningKeyRepository implements SigningKeyRepository {

    // SQLState class 23: integrity constraint violation (here: the unique activation time).

    private final DataSource dataSource;

    public JdbcSigningKeyRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<StoredKey> findAll() {
        String sql = "SELECT kid, algorithm, public_jwk, private_key_enc, created_at, activates_at, revoked_at "
                + "FROM signing_keys ORDER BY activates_at";
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            List<StoredKey> keys = new ArrayList<>();
            while (rs.next()) {
                long revokedMillis = rs.getLong("revoked_at");
                Optional<Instant> revoked = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedMillis));
                keys.add(new StoredKey(rs.getString("kid"), SigningAlgorithm.valueOf(rs.getString("algorithm")),
                        JWK.parse(rs.getString("public_jwk")), rs.getString("private_key_enc"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("activates_at")),
                        revoked));
            }
            return keys;
        } catch (SQLException e) {
            throw StorageException.of("read the signing keys", e);
        } catch (ParseException e) {
            throw new StorageException("Cannot read the signing keys: a stored public key is not a JWK", e);
        }
    }

    @Override
    public boolean insert(StoredKey key) {
        String sql = "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, created_at, activates_at, "
                + "revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key.kid());
            s.setString(2, key.algorithm().name());
            s.setString(3, key.publicJwk().toJSONString());
            s.setString(4, key.sealedPrivate());
            s.setLong(5, key.createdAt().toEpochMilli());
            s.setLong(6, key.activatesAt().toEpochMilli());
            if (key.revokedAt().isPresent()) {
                s.setLong(7, key.revokedAt().get().toEpochMilli());
            } else {
                s.setNull(7, Types.BIGINT);
            }
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (StorageException.isUniqueViolation(e)) {
                return false;
            }
            throw StorageException.of("store signing key " + key.kid(), e);
        }
    }

    @Override
    public void revoke(String kid, Instant at) {
        update("UPDATE signing_keys SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL", at.toEpochMilli(), kid);
    }

    @Override
    public void delete(String kid) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM signing_keys WHERE kid = ?")) {
            s.setString(1, kid);
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("delete signing key " + kid, e);
        }
    }

    private void update(String sql, long time, String kid) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, time);
            s.setString(2, kid);
            s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("update signing key " + kid, e);
        }
    }
}
