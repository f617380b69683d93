package cn.fieldsync.server.audit;

import cn.fieldsync.schemas.AuditChain;
import cn.fieldsync.schemas.CanonicalJson;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Signed checkpoints of the audit chain's head (format in {@link AuditChain}), kept in an
 * append-only JSON-lines file outside the database and, as a copy, in the table
 * {@code audit_checkpoint}. The file is the one that counts: the database's writer can delete
 * rows of the table but can neither sign a checkpoint nor reach the file.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * One checkpoint.
     *
     * @param number   1, 2, ... in the order the server signed them
     * @param seq      the head entry's seq (= the number of entries it anchors)
     * @param headHash that entry's hash
     * @param at       when it was signed, epoch millis
     * @param json     the signed checkpoint as written (its canonical JSON is the file's line)
     */
    public record Checkpoint(long number, long seq, String headHash, long at, String keyId, JsonObject json) {

        public String text() {
            return CanonicalJson.of(json);
        }

        static Checkpoint sign(long number, long seq, String headHash, long at, AuditKey key) {
            JsonObject json = new JsonObject();
            json.addProperty("checkpoint", number);
            json.addProperty("seq", seq);
            json.addProperty("headHash", headHash);
            json.addProperty("at", Instant.ofEpochMilli(at).toString());
            json.addProperty("keyId", key.keyId());
            json.addProperty("signature", key.sign(AuditChain.signedText(json)));
            return new Checkpoint(number, seq, headHash, at, key.keyId(), json);
        }

        /** A line of the file or a row's text; IllegalArgumentException when it is not a checkpoint. */
        public static Checkpoint parse(String text) {
            try {
                JsonObject json = StrictJson.parseObject(text);
                return new Checkpoint(json.get("checkpoint").getAsLong(), json.get("seq").getAsLong(),
                        json.get("headHash").getAsString(), Instant.parse(json.get("at").getAsString()).toEpochMilli(),
                        json.get("keyId").getAsString(), json);
            } catch (StrictJson.MalformedJsonException | RuntimeException e) {
                throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /** What a checkpoint file holds: the checkpoints, and the lines that are not checkpoints (by line number, said in Chinese). */
    public record FileContent(List<Checkpoint> checkpoints, List<String> problems) {
    }

    public static FileContent readFile(Path file) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new FileContent(checkpoints, problems);
        } catch (IOException e) {
            throw new UncheckedIOException(AuditVerifier.say("checkpoint_file_unreadable", file, e.getMessage()), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                checkpoints.add(Checkpoint.parse(line));
            } catch (IllegalArgumentException e) {
                problems.add(AuditVerifier.say("checkpoint_file_line", i + 1));
            }
        }
        return new FileContent(checkpoints, problems);
    }

    /** Appends one line and forces it to the disk before returning. */
    static void appendToFile(Path file, Checkpoint checkpoint) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            // a line torn by a crash stays a line of its own (and the verifier names it)
            boolean torn = false;
            if (Files.exists(file) && Files.size(file) > 0) {
                try (FileChannel reading = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer lastByte = ByteBuffer.allocate(1);
                    reading.read(lastByte, reading.size() - 1);
                    torn = lastByte.get(0) != '\n';
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(((torn ? "\n" : "") + checkpoint.text() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    static void insert(Connection c, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint (checkpoint, seq, head_hash, at, key_id, text)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, checkpoint.number());
            ps.setLong(2, checkpoint.seq());
            ps.setString(3, checkpoint.headHash());
            ps.setLong(4, checkpoint.at());
            ps.setString(5, checkpoint.keyId());
            ps.setString(6, checkpoint.text());
            ps.executeUpdate();
        }
    }

    /** The database's copies signed with the given key, in order; rows that are not checkpoints are named in problems (in Chinese). */
    public static List<Checkpoint> readTable(Connection c, String keyId, List<String> problems) throws SQLException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint, text FROM audit_checkpoint WHERE key_id = ? ORDER BY checkpoint")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        Checkpoint checkpoint = Checkpoint.parse(rs.getString(2));
                        if (checkpoint.number() != rs.getLong(1)) {
                            problems.add(AuditVerifier.say("checkpoint_copy_misnumbered", rs.getLong(1), checkpoint.number()));
                        }
                        checkpoints.add(checkpoint);
                    } catch (IllegalArgumentException e) {
                        problems.add(AuditVerifier.say("checkpoint_copy_unreadable", rs.getLong(1)));
                    }
                }
            }
        }
        return checkpoints;
    }
}
