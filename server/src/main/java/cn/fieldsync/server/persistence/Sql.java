package cn.fieldsync.server.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC for the work the data-access rule gives to SQL (docs/architecture.md, "Data access"):
 * one statement with positional parameters, its rows read by typed getters — unlike JPA's native
 * queries, whose {@code Object[]} rows hold an {@code Integer} on one database and a {@code Long}
 * on the other. A failure is thrown as a {@link PersistenceException} with the
 * {@link SQLException} as its cause, as JPA throws it, so callers and the problem mappers see one
 * kind of database failure whichever style failed.
 *
 * <p>Inside {@link Database#inTransaction} take the transaction's connection with
 * {@link #connection(EntityManager)}, so that the statements commit or roll back with the
 * entities; outside one use {@link Database#withConnection}. Static and stateless: thread-safe as
 * far as the connection given is.
 */
public final class Sql {

    private Sql() {
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * The JDBC connection of the entity manager's transaction. Writes of entities are held until
     * commit ({@code FlushModeType.COMMIT}): call {@code em.flush()} first when a statement needs
     * a row persisted in the same transaction (a foreign key to it, say).
     *
     * @throws IllegalStateException outside a transaction (JPA hands out no connection there)
     */
    public static Connection connection(EntityManager em) {
        Connection c = em.getTransaction().isActive() ? em.unwrap(Connection.class) : null;
        if (c == null) {
            throw new IllegalStateException("plain SQL through an entity manager runs inside Database.inTransaction;"
                    + " outside one use Database.withConnection");
        }
        return c;
    }

    /** Runs an INSERT, UPDATE or DELETE; answers the number of rows it changed. */
    public static int update(Connection c, String sql, Object... parameters) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Runs a query; answers its rows, each read by {@code row}, in the order the query gives. */
    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... parameters) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** {@code ?, ?, ?}: the placeholders of an {@code IN (...)} list of {@code count} values. */
    public static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    static PersistenceException failed(String sql, SQLException e) {
        return new PersistenceException(e.getMessage() + " [" + sql + "]", e);
    }
}
