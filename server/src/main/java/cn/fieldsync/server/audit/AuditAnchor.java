package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.audit.Checkpoints.Checkpoint;
import cn.fieldsync.server.persistence.Database;
import com.google.gson.JsonObject;
import jakarta.persistence.PersistenceException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anchors the audit chain outside the database: signs a checkpoint of the chain's head with the
 * server's audit key and appends it to the checkpoint file (forced to disk) and to the table
 * {@code audit_checkpoint}. A checkpoint is made once {@code every} entries have been appended
 * since the last one (looked at each second), at least once per {@code interval} while entries
 * arrive, on demand ({@code POST /api/audit/checkpoint}, and before each evidence bundle) and when
 * the server stops. Appending an entry costs nothing more: signing is off the write path.
 *
 * <p>Before it signs, it checks that the entries since the last checkpoint link to it, so that a
 * chain rewritten behind the server's back is never signed. Entries written after the last
 * checkpoint can be dropped or rewritten by the database's writer without the checkpoints showing
 * it, until the next checkpoint: that is why checkpoints are frequent.
 */
public final class AuditAnchor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditAnchor.class.getName());

    private final Database database;
    private final AuditKey key;
    private final Path checkpointFile;
    private final long every;
    private final Duration interval;
    private final Clock clock;
    private final AuditLog audit;
    private ScheduledExecutorService timer;
    /** The last checkpoint this server signed (or found on start), or null. */
    private Checkpoint last;
    private boolean refused;

    public AuditAnchor(Database database, AuditKey key, Path checkpointFile, long every, Duration interval, Clock clock) {
        this.database = database;
        this.key = key;
        this.checkpointFile = checkpointFile;
        this.every = every;
        this.interval = interval;
        this.clock = clock;
        this.audit = new AuditLog(clock);
    }

    /**
     * Finds the last checkpoint, writes the content baseline once (the versions stored before the
     * log was anchored), anchors what is there, and starts the timer.
     */
    public synchronized void start() {
        List<Checkpoint> known = new ArrayList<>(Checkpoints.readFile(checkpointFile).checkpoints());
        known.addAll(database.withConnection(c -> Checkpoints.readTable(c, key.keyId(), new ArrayList<>())));
        // newest first, and only until one holds: every checkpoint ever made is in the file and the
        // table, and checking each signature made start-up grow with the server's age
        known.sort(Comparator.comparingLong(Checkpoint::number).reversed());
        for (Checkpoint cp : known) {
            if (AuditChain.checkpointFault(cp.json(), key.publicKey()) == null) {
                last = cp;
                break;
            }
        }
        baseline();
        checkpoint();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldsync-audit-anchor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void baseline() {
        database.inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM audit_entry WHERE action = ?")) {
                    ps.setString(1, AuditVerifier.BASELINE);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return null;
                        }
                    }
                }
                audit.append(em, "system", AuditVerifier.BASELINE, null, AuditVerifier.baselineDetail(c));
                return null;
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        });
    }

    /** Whether the warning that another node signs with this key was logged. */
    private boolean sharedKeySaid;

    private void tick() {
        try {
            Head head = database.withConnection(AuditAnchor::head);
            Checkpoint at = lastCheckpoint().orElse(null);
            long since = head.seq() - (at == null ? 0 : at.seq());
            if (since >= every || (since > 0 && (at == null || clock.millis() - at.at() >= interval.toMillis()))) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fieldsync: the audit checkpoint could not be made: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<Checkpoint> lastCheckpoint() {
        return Optional.ofNullable(last);
    }

    /**
     * Signs the chain's head now, unless the last checkpoint already names it. Refuses (and says
     * so in the log, once) when the entries since the last checkpoint do not link to it.
     *
     * @return the checkpoint that anchors the head, or empty when the chain was found rewritten
     */
    public synchronized Optional<Checkpoint> checkpoint() {
        return database.withConnection(c -> {
            Head head = head(c);
            if (last != null && head.seq() == last.seq() && head.hash().equals(last.headHash())) {
                return Optional.of(last);
            }
            String problem = linkProblem(c, head);
            if (problem != null) {
                if (!refused) {
                    LOG.severe("fieldsync: the audit log was altered behind the server's back, no checkpoint signed: " + problem);
                    refused = true;
                }
                return Optional.empty();
            }
            refused = false;
            Checkpoint cp = Checkpoint.sign(last == null ? 1 : last.number() + 1, head.seq(), head.hash(), clock.millis(), key);
            // the file first: a checkpoint the database holds and the file lacks means the file was cut
            Checkpoints.appendToFile(checkpointFile, cp);
            try {
                database.inTransaction(em -> {
                    try {
                        Checkpoints.insert(em.unwrap(Connection.class), cp);
                    } catch (SQLException e) {
                        throw new PersistenceException(e.getMessage(), e);
                    }
                    return null;
                });
            } catch (PersistenceException e) {
                if (!sameNumberTaken(c, cp)) {
                    throw e;
                }
                // another node signs with this node's key (found by a tester: two nodes started on one
                // data directory): it made this number first. Go on from the newest the table holds,
                // instead of failing on the same number every second for ever; say once what is wrong.
                if (!sharedKeySaid) {
                    LOG.warning("fieldsync: another server node signs audit checkpoints with this node's key (key "
                            + key.keyId() + "): each node needs its own data directory, with its own key and checkpoint file"
                            + " (README, \"What the audit trail proves\")");
                    sharedKeySaid = true;
                }
                return Optional.ofNullable(last);
            }
            last = cp;
            return Optional.of(cp);
        });
    }

    /**
     * Whether the table already holds a checkpoint of this key with {@code cp}'s number; if so, the
     * newest of this key whose signature holds becomes {@link #last}.
     */
    private boolean sameNumberTaken(Connection c, Checkpoint cp) throws SQLException {
        List<Checkpoint> held = new ArrayList<>(Checkpoints.readTable(c, key.keyId(), new ArrayList<>()));
        if (held.stream().noneMatch(other -> other.number() == cp.number())) {
            return false;
        }
        held.sort(Comparator.comparingLong(Checkpoint::number).reversed());
        for (Checkpoint other : held) {
            if (AuditChain.checkpointFault(other.json(), key.publicKey()) == null) {
                last = other;
                break;
            }
        }
        return true;
    }

    /** Null when the entries after the last checkpoint link to it and reach the head, else why not. */
    private String linkProblem(Connection c, Head head) throws SQLException {
        long from = last == null ? 1 : last.seq() + 1;
        String prev = last == null ? AuditLog.GENESIS : last.headHash();
        if (head.seq() < from - 1) {
            return "the log holds " + head.seq() + " entries, checkpoint " + last.number() + " anchored " + last.seq();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, entry, prev_hash, hash FROM audit_entry"
                + " WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, head.seq());
            try (ResultSet rs = ps.executeQuery()) {
                long expected = from;
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String text = rs.getString(2);
                    if (seq != expected || !rs.getString(3).equals(prev)) {
                        return "entry " + expected + " does not follow checkpoint " + (last == null ? "(none)" : last.number());
                    }
                    int format;
                    try {
                        format = AuditChain.format(StrictJson.parseObject(text));
                    } catch (StrictJson.MalformedJsonException e) {
                        return "entry " + seq + " is not valid JSON";
                    }
                    if (!AuditChain.chain(prev, text, format).equals(rs.getString(4))) {
                        return "entry " + seq + " does not match its hash";
                    }
                    prev = rs.getString(4);
                    expected++;
                }
                if (expected != head.seq() + 1 || !prev.equals(head.hash())) {
                    return "the head does not name the last entry";
                }
            }
        }
        return null;
    }

    private record Head(long seq, String hash) {
    }

    private static Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    public AuditKey key() {
        return key;
    }

    public Path checkpointFile() {
        return checkpointFile;
    }

    /** What the verifier checks the log against: this server's public key and its checkpoint file. */
    public AuditVerifier.Anchors anchors() {
        return new AuditVerifier.Anchors(key.publicKey(), Checkpoints.readFile(checkpointFile));
    }

    /** The checkpoints in the file, newest first, at most limit. */
    public List<JsonObject> checkpoints(int limit) {
        List<Checkpoint> all = Checkpoints.readFile(checkpointFile).checkpoints();
        List<JsonObject> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(all.get(i).json().deepCopy());
        }
        return out;
    }

    /** Stops the timer and anchors the last entries. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fieldsync: the last audit checkpoint could not be made: " + e.getMessage(), e);
        }
    }
}
