package cn.fieldsync.server.persistence;

import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements of the hot write path (the audit chain, the change sequence), prepared once
 * per transaction instead of once per operation: a pushed batch of a thousand operations runs
 * each of them a thousand times on the same connection.
 *
 * <p>Only for an entity manager inside a transaction ({@link Database#inTransaction}), whose
 * connection is the transaction's. The statements are closed with the connection when the
 * transaction ends (the pool closes the statements a connection still has open when it takes the
 * connection back); the entry is held weakly, so a closed entity manager drops out. Thread-safe.
 */
public final class Statements {

    private static final Map<EntityManager, Map<String, PreparedStatement>> OPEN =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Statements() {
    }

    /** The statement for this SQL on the transaction's connection, prepared at its first use in the transaction. */
    public static PreparedStatement prepared(EntityManager em, String sql) throws SQLException {
        return cached(em, sql, () -> em.unwrap(Connection.class).prepareStatement(sql));
    }

    /**
     * A write-behind insert for this SQL on the transaction's connection ({@link WriteBehind}),
     * prepared at its first use in the transaction: each row is added with
     * {@link PreparedStatement#addBatch()} and reaches the database with the next other
     * statement of the transaction, or its commit — never later than anything that could read it.
     *
     * @param order the table's place when held rows are sent, lower first: a referenced table's
     *              before the tables whose rows reference it
     */
    public static PreparedStatement writeBehind(EntityManager em, String sql, int order) throws SQLException {
        return cached(em, "behind:" + sql, () -> WriteBehind.prepare(em.unwrap(Connection.class), sql, order));
    }

    /**
     * Holds one row of {@link #writeBehind}'s statement, its parameters bound in order as
     * {@link Sql#update} binds them; a failure is thrown as {@link Sql}'s are.
     */
    public static void hold(EntityManager em, String sql, int order, Object... parameters) {
        try {
            PreparedStatement statement = writeBehind(em, sql, order);
            Sql.bind(statement, parameters);
            statement.addBatch();
        } catch (SQLException e) {
            throw Sql.failed(sql, e);
        }
    }

    @FunctionalInterface
    private interface Preparing {
        PreparedStatement prepare() throws SQLException;
    }

    private static PreparedStatement cached(EntityManager em, String key, Preparing preparing) throws SQLException {
        Map<String, PreparedStatement> statements = OPEN.computeIfAbsent(em, k -> new HashMap<>());
        PreparedStatement statement = statements.get(key);
        if (statement == null || statement.isClosed()) {
            statement = preparing.prepare();
            statements.put(key, statement);
        }
        return statement;
    }
}
