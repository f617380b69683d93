package cn.fieldsync.server.persistence;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Rows written behind: inserts of the push path that a transaction sends to the database in
 * one JDBC batch per table instead of one round trip each, while it still reads its own writes.
 *
 * <p>Why: each statement on PostgreSQL is a round trip, and a device's push of a thousand new
 * records made four thousand inserts. Batched, they go in a handful: the PostgreSQL push of
 * {@code sync-bench.sh 10000} went from about 1,050 to 1,800–2,400 records/s, the server's own
 * CPU from 5.3 to 2.0–2.6 s (docs/operations.md, "Rows written behind"). On SQLite, in the same
 * process, nothing changed either way.
 *
 * <p>How reads stay right: a write-behind row is held on its connection, and <em>every other
 * statement executed on that connection</em> — a query of EclipseLink, a plain JDBC read or
 * update, the commit — first sends every held row. So anything the transaction reads or writes
 * after a held row finds it there, exactly as if it had been written at once; only the moment the
 * database receives it moves. Held rows of a transaction rolled back (or a connection closed) are
 * dropped with it. Outside a transaction (auto-commit) a row is written at once.
 *
 * <p>Order: held rows are sent table by table, a lower {@code order} first (a referenced table's
 * rows before the rows that reference it: {@code record} before {@code record_version}), rows of
 * one table in the order they were added. No table written behind has a trigger, and no foreign
 * key points from a lower order to a higher one, so nothing else can tell the order changed.
 *
 * <p>A held row that the database refuses (a key another node wrote meanwhile) fails the statement
 * that sent it — the next read, write or the commit — with the driver's
 * {@link java.sql.BatchUpdateException}, which carries the refusal's SQLSTATE; the transaction then
 * rolls back as before, and {@link Retries} sees the same states. When that statement is an
 * EclipseLink {@code find}, its failure is EclipseLink's own exception: {@link Database} turns it
 * into the {@code PersistenceException} callers fall back on (a push applied one by one).
 *
 * <p>Threading: a connection is used by one thread at a time (its transaction's), as JDBC
 * connections of a pool are; nothing here is shared between connections.
 */
public final class WriteBehind {

    /** The order of a table whose rows others reference ({@code record}): its held rows are sent first. */
    public static final int REFERENCED = 0;
    /** The order of every other table written behind. */
    public static final int REFERENCING = 1;

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private WriteBehind() {
    }

    /**
     * The pool's data source, with each connection it gives wrapped so that it can hold rows
     * behind ({@link #prepare}). Every other call goes to the pool's connection unchanged.
     */
    public static DataSource around(DataSource pool) {
        return new HoldingDataSource(pool);
    }

    /**
     * A statement whose rows, each added with {@link PreparedStatement#addBatch()}, are held and
     * sent before the next other statement of the connection (see the class comment).
     *
     * @param connection a connection of {@link #around}'s data source (the one a transaction's
     *                   entity manager unwraps to); any other connection gets an ordinary
     *                   statement, on which the caller's {@code addBatch()} must be followed by
     *                   {@code executeBatch()} — so this is refused instead
     * @param order      the table's place when held rows are sent: lower first
     * @throws IllegalStateException when the connection does not come from {@link #around}
     */
    public static PreparedStatement prepare(Connection connection, String sql, int order) throws SQLException {
        if (!Proxy.isProxyClass(connection.getClass())
                || !(Proxy.getInvocationHandler(connection) instanceof Holding holding)) {
            throw new IllegalStateException("rows can only be written behind on a connection of WriteBehind.around");
        }
        return holding.prepareHeld(sql, order);
    }

    /** The connection's side: what it holds, and the rule that every other statement sends it first. */
    private static final class Holding implements InvocationHandler {

        private final Connection target;
        private final Connection self;
        /** The held statements, each once, in the order they must be sent. */
        private final List<HeldStatement> held = new ArrayList<>();
        private int added;

        Holding(Connection target) {
            this.target = target;
            this.self = (Connection) Proxy.newProxyInstance(WriteBehind.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, this);
        }

        PreparedStatement prepareHeld(String sql, int order) throws SQLException {
            HeldStatement statement = new HeldStatement(this, target.prepareStatement(sql), order);
            return statement.self;
        }

        void hold(HeldStatement statement) {
            if (!statement.pending) {
                statement.pending = true;
                statement.addedAt = added++;
                held.add(statement);
            }
        }

        /** Sends every held row, table by table. A refusal ends the sending: the transaction is lost anyway. */
        void send() throws SQLException {
            if (held.isEmpty()) {
                return;
            }
            List<HeldStatement> sending = new ArrayList<>(held);
            held.clear();
            sending.sort(Comparator.comparingInt((HeldStatement s) -> s.order).thenComparingInt(s -> s.addedAt));
            try {
                for (HeldStatement statement : sending) {
                    statement.pending = false;
                    try {
                        statement.target.executeBatch();
                    } catch (AssertionError driver) {
                        // pgjdbc's batch asserts that asking a connection for its auto-commit cannot
                        // fail; on a connection the server has just ended (a restart: 57P01) it does,
                        // and with assertions on that is an Error instead of the driver's failure.
                        // Said as what it is, a lost connection (class 08: answered 503, retriable).
                        throw new SQLException("the database connection ended while a transaction's rows were sent",
                                "08006", driver);
                    }
                }
            } finally {
                for (HeldStatement statement : sending) {
                    if (statement.pending) {
                        statement.pending = false;
                        statement.target.clearBatch();
                    }
                }
            }
        }

        /** Drops what is held: its transaction was rolled back, or the connection goes back to the pool. */
        void drop() {
            for (HeldStatement statement : held) {
                statement.pending = false;
                try {
                    statement.target.clearBatch();
                } catch (SQLException ignored) {
                    // the statement is closed with its connection
                }
            }
            held.clear();
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement", "prepareCall", "createStatement" -> {
                    Statement statement = (Statement) call(target, method, args);
                    return new Sending(this, statement, method.getReturnType()).self;
                }
                case "commit", "setSavepoint" -> send();
                case "setAutoCommit" -> {
                    if (Boolean.TRUE.equals(args[0])) {
                        // turning auto-commit on commits what is open
                        send();
                    }
                }
                case "rollback", "close" -> drop();
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                case "isWrapperFor" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                }
            }
            return call(target, method, args);
        }
    }

    /** An ordinary statement of a holding connection: it sends the held rows before it executes. */
    private static final class Sending implements InvocationHandler {

        private final Holding connection;
        private final Statement target;
        private final Object self;

        Sending(Holding connection, Statement target, Class<?> type) {
            this.connection = connection;
            this.target = target;
            this.self = Proxy.newProxyInstance(WriteBehind.class.getClassLoader(), new Class<?>[] {type}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (EXECUTES.contains(name)) {
                connection.send();
            } else if (name.equals("getConnection")) {
                return connection.self;
            } else if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            } else if (name.equals("equals")) {
                return proxy == args[0];
            } else if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            return call(target, method, args);
        }
    }

    /** A write-behind statement ({@link #prepare}): {@code addBatch()} holds the row instead of sending it. */
    private static final class HeldStatement implements InvocationHandler {

        private final Holding connection;
        private final PreparedStatement target;
        private final int order;
        private final PreparedStatement self;
        private boolean pending;
        private int addedAt;

        HeldStatement(Holding connection, PreparedStatement target, int order) {
            this.connection = connection;
            this.target = target;
            this.order = order;
            this.self = (PreparedStatement) Proxy.newProxyInstance(WriteBehind.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "addBatch" -> {
                    if (args != null) {
                        throw new SQLFeatureNotSupportedException("a write-behind statement holds rows of its own SQL only");
                    }
                    target.addBatch();
                    if (connection.target.getAutoCommit()) {
                        // no transaction to wait for: the row is written now, as every statement of the connection
                        connection.send();
                        target.executeBatch();
                    } else {
                        connection.hold(this);
                    }
                    return null;
                }
                case "close" -> {
                    // held rows are never lost to a statement closed early: they go first
                    if (pending) {
                        connection.send();
                    }
                }
                case "clearBatch" -> {
                    if (pending) {
                        throw new SQLException("a write-behind statement's held rows are sent or dropped with its transaction");
                    }
                }
                case "getConnection" -> {
                    return connection.self;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    if (EXECUTES.contains(method.getName())) {
                        throw new SQLFeatureNotSupportedException(
                                "a write-behind statement is sent with its connection's next statement or commit, never by itself");
                    }
                }
            }
            return call(target, method, args);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record HoldingDataSource(DataSource pool) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return new Holding(pool.getConnection()).self;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return new Holding(pool.getConnection(username, password)).self;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || pool.isWrapperFor(iface);
        }
    }
}
