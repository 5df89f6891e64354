package io.apisec.tokenserver.client;

import io.apisec.tokenserver.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Clients registered through the admin API, and disabled clients, in tables {@code clients} and {@code disabled_clients}. */
public final class JdbcClientStore {

    private final DataSource dataSource;

    public JdbcClientStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return false when a client with that id is already stored */
    public boolean insert(StoredClient client, Instant at) {
        String sql = "INSERT INTO clients (client_id, registration, secret_hash, created_at, updated_at) "
                + "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM clients WHERE client_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, client.clientId());
            s.setString(2, client.registration());
            s.setString(3, client.secret().map(SecretHash::hex).orElse(null));
            s.setLong(4, at.toEpochMilli());
            s.setLong(5, at.toEpochMilli());
            s.setString(6, client.clientId());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            // Two nodes inserting the same id at once: the primary key refuses the second.
            if (StorageException.isUniqueViolation(e)) {
                return false;
            }
            throw StorageException.of("store a client", e);
        }
    }

    /**
     * Replaces the registration alone (never the secret: a rotation made meanwhile stays);
     * @return false when no such client is stored.
     */
    public boolean updateRegistration(String clientId, String registration, Instant at) {
        return updateColumn("registration", clientId, registration, at);
    }

    /** Replaces the secret hash alone (never the registration); @return false when no such client is stored. */
    public boolean updateSecret(String clientId, SecretHash secret, Instant at) {
        return updateColumn("secret_hash", clientId, secret.hex(), at);
    }

    /** {@code column} is one of ours, never the caller's. */
    private boolean updateColumn(String column, String clientId, String value, Instant at) {
        String sql = "UPDATE clients SET " + column + " = ?, updated_at = ? WHERE client_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            s.setLong(2, at.toEpochMilli());
            s.setString(3, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StorageException.of("update a client", e);
        }
    }

    public Optional<StoredClient> find(String clientId) {
        String sql = "SELECT client_id, registration, secret_hash FROM clients WHERE client_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StorageException.of("read a client", e);
        }
    }

    public List<StoredClient> all() {
        String sql = "SELECT client_id, registration, secret_hash FROM clients ORDER BY client_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            List<StoredClient> clients = new ArrayList<>();
            while (rs.next()) {
                clients.add(read(rs));
            }
            return clients;
        } catch (SQLException e) {
            throw StorageException.of("list the clients", e);
        }
    }

    /** @return false when it was disabled already */
    public boolean disable(String clientId, Instant at) {
        String sql = "INSERT INTO disabled_clients (client_id, disabled_at) SELECT ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM disabled_clients WHERE client_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, clientId);
            s.setLong(2, at.toEpochMilli());
            s.setString(3, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (StorageException.isUniqueViolation(e)) {
                return false;
            }
            throw StorageException.of("disable a client", e);
        }
    }

    /** @return false when it was not disabled */
    public boolean enable(String clientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM disabled_clients WHERE client_id = ?")) {
            s.setString(1, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StorageException.of("enable a client", e);
        }
    }

    public boolean isDisabled(String clientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM disabled_clients WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw StorageException.of("read a client's state", e);
        }
    }

    public Set<String> disabledIds() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT client_id FROM disabled_clients");
             ResultSet rs = s.executeQuery()) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw StorageException.of("list the disabled clients", e);
        }
    }

    private static StoredClient read(ResultSet rs) throws SQLException {
        String hash = rs.getString("secret_hash");
        return new StoredClient(rs.getString("client_id"), rs.getString("registration"),
                Optional.ofNullable(hash).map(SecretHash::fromHex));
    }

}
