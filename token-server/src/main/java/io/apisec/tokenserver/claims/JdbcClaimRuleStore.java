package io.apisec.tokenserver.claims;

import io.apisec.tokenserver.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Claim rules added through the admin API, as JSON by name, in table {@code claim_rules}. */
public final class JdbcClaimRuleStore {

    private final DataSource dataSource;

    public JdbcClaimRuleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every stored rule's JSON, by name, in name order. */
    public Map<String, String> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, rule FROM claim_rules ORDER BY name");
             ResultSet rs = s.executeQuery()) {
            Map<String, String> rules = new LinkedHashMap<>();
            while (rs.next()) {
                rules.put(rs.getString("name"), rs.getString("rule"));
            }
            return rules;
        } catch (SQLException e) {
            throw StorageException.of("read the claim rules", e);
        }
    }

    /** Creates or replaces; @return true when it was created. */
    public boolean put(String name, String rule, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE claim_rules SET rule = ?, updated_at = ? WHERE name = ?")) {
                update.setString(1, rule);
                update.setLong(2, at.toEpochMilli());
                update.setString(3, name);
                if (update.executeUpdate() == 1) {
                    return false;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO claim_rules (name, rule, updated_at) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, rule);
                insert.setLong(3, at.toEpochMilli());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                // Another request created it between our update and our insert: ours replaces it.
                if (StorageException.isUniqueViolation(e)) {
                    put(name, rule, at);
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw StorageException.of("store a claim rule", e);
        }
    }

    /** @return false when no such rule is stored */
    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM claim_rules WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StorageException.of("delete a claim rule", e);
        }
    }

}
