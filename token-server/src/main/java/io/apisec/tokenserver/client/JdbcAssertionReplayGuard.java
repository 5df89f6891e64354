package io.apisec.tokenserver.client;

import io.apisec.tokenserver.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** {@link AssertionReplayGuard} in table {@code used_assertions}: the primary key refuses the second use. */
public final class JdbcAssertionReplayGuard implements AssertionReplayGuard {

    private final DataSource dataSource;

    public JdbcAssertionReplayGuard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean firstUse(String clientId, String jti, Instant expiresAt) {
        String sql = "INSERT INTO used_assertions (client_id, jti, expires_at) VALUES (?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, clientId);
            s.setString(2, jti);
            s.setLong(3, expiresAt.toEpochMilli());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (StorageException.isUniqueViolation(e)) {
                return false;
            }
            throw StorageException.of("record a client assertion", e);
        }
    }

    @Override
    public int purgeExpired(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM used_assertions WHERE expires_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("purge used client assertions", e);
        }
    }
}
