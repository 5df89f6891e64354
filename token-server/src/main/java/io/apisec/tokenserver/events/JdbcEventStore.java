package io.apisec.tokenserver.events;

import io.apisec.tokenserver.storage.StorageException;
import io.vertx.core.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Security events in table {@code security_events} (H2 or PostgreSQL). */
public final class JdbcEventStore implements EventStore {

    private final DataSource dataSource;

    public JdbcEventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<SecurityEvent> events) {
        String sql = "INSERT INTO security_events (occurred_at, type, details) VALUES (?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (SecurityEvent event : events) {
                s.setLong(1, event.at().toEpochMilli());
                s.setString(2, event.type().value());
                s.setString(3, event.detailsJson());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw StorageException.of("store security events", e);
        }
    }

    @Override
    public List<SecurityEvent> recent(Optional<SecurityEventType> type, int limit) {
        String sql = "SELECT occurred_at, type, details FROM security_events"
                + (type.isPresent() ? " WHERE type = ?" : "") + " ORDER BY occurred_at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int index = 1;
            if (type.isPresent()) {
                s.setString(index++, type.get().value());
            }
            s.setInt(index, limit);
            List<SecurityEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> details = new LinkedHashMap<>();
                    new JsonObject(rs.getString("details")).forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
                    events.add(new SecurityEvent(SecurityEventType.fromValue(rs.getString("type")),
                            Instant.ofEpochMilli(rs.getLong("occurred_at")), details));
                }
            }
            return events;
        } catch (SQLException e) {
            throw StorageException.of("read security events", e);
        }
    }

    @Override
    public int purgeBefore(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM security_events WHERE occurred_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.of("purge security events", e);
        }
    }
}
