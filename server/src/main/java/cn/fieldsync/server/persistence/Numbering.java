package cn.fieldsync.server.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Server-assigned numbers (编号): the case number within its filing year (案件编号), a document's
 * number within its kind and year (文书编号, e.g. 〔2026〕12号). Each kind and year has one counter
 * row (table {@code number_counter}); the next number is taken by an UPDATE that keeps the row's
 * lock to the end of the calling transaction, so concurrent callers on PostgreSQL or SQLite are
 * served one after the other, numbers are never given twice and never skipped by a committed
 * transaction (a rolled-back one gives its number back).
 *
 * <p>Lock order: take the number before anything else the transaction locks (in particular before
 * the audit chain's head, which the audit entry of the numbered thing takes), so the one lock
 * order of every writing transaction — counter, audit head, change sequence — holds.
 *
 * <p>Called inside a transaction of {@link Database}; the class holds no state and is thread-safe.
 */
public final class Numbering {

    private Numbering() {
    }

    /**
     * The next number of a kind within a year, starting at 1.
     *
     * @param em   the calling transaction's entity manager
     * @param kind a stable name of what is numbered, e.g. {@code "case"} or {@code "doc:RECTIFICATION_ORDER"} (≤ 40 chars)
     * @param year the year the number belongs to (the filing or issuing year, in the configured zone)
     * @throws PersistenceException when the database refuses (a transient failure is retried by the caller's transaction)
     */
    public static int next(EntityManager em, String kind, int year) {
        Connection c = em.unwrap(Connection.class);
        try {
            if (advance(c, kind, year) == 0) {
                // the first number of the year: create the row (a concurrent creator wins, we wait for it)
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO number_counter (kind, year, last_value) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, kind);
                    insert.setInt(2, year);
                    insert.executeUpdate();
                }
                if (advance(c, kind, year) == 0) {
                    throw new PersistenceException("the number counter " + kind + "/" + year + " could not be created");
                }
            }
            try (PreparedStatement read = c.prepareStatement("SELECT last_value FROM number_counter WHERE kind = ? AND year = ?")) {
                read.setString(1, kind);
                read.setInt(2, year);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("the next " + kind + " number of " + year + " could not be taken: " + e.getMessage(), e);
        }
    }

    /** A number's text: the pattern with {@code {year}} and {@code {seq}} filled in. */
    public static String text(String pattern, int year, int seq) {
        return pattern.replace("{year}", String.valueOf(year)).replace("{seq}", String.valueOf(seq));
    }

    /**
     * A number pattern as a setting gives it, checked at start: it carries {@code {seq}} (and may carry
     * {@code {year}}) and is at most 80 characters.
     *
     * @throws IllegalArgumentException naming the setting
     */
    public static String checkedPattern(String key, String pattern) {
        if (pattern == null || !pattern.contains("{seq}") || pattern.length() > 80) {
            throw new IllegalArgumentException(key + " needs {seq} (and may use {year}), at most 80 characters: " + pattern);
        }
        return pattern;
    }

    /** A number as given: its place in its counter's sequence and its text. */
    public record Numbered(int seq, String text) {
    }

    /**
     * The next number of a counter whose text has never been given: a text is what people read and
     * cite, so it must not repeat even where two sequences write alike — a county's own sequence
     * started after the server's one sequence had numbered that county's cases with the same pattern
     * (〔2026〕1号 again), or a pattern changed back. Values whose text is taken are passed over (the
     * counter moves on past them); the counter's lock (see {@link #next}) serialises the callers of
     * one counter, and {@code taken} sees every committed number.
     *
     * @param format the text of a value of the sequence (the pattern filled in)
     * @param taken  whether a text was given already (by any sequence)
     */
    public static Numbered nextUnused(EntityManager em, String kind, int year, java.util.function.IntFunction<String> format,
                                      java.util.function.Predicate<String> taken) {
        while (true) {
            int seq = next(em, kind, year);
            String text = format.apply(seq);
            if (!taken.test(text)) {
                return new Numbered(seq, text);
            }
        }
    }

    private static int advance(Connection c, String kind, int year) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE number_counter SET last_value = last_value + 1 WHERE kind = ? AND year = ?")) {
            update.setString(1, kind);
            update.setInt(2, year);
            return update.executeUpdate();
        }
    }
}
