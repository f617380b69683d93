package cn.fieldsync.server.record;

import cn.fieldsync.schemas.AttachmentRefs;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.attachment.AttachmentCatalog;
import cn.fieldsync.server.identity.Scope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Whether a writer may name an attachment: the server holds the file, and the writer sees a
 * record naming it or uploaded it themselves. What can never turn false (a file held, a user's
 * completed upload) is remembered for the rest of the transaction that found it: a pushed batch
 * names the same photos over and over. Thread-safe.
 */
final class AttachmentReach {

    private final Clock clock;
    private final AttachmentCatalog attachments;
    /** Facts that never turn false found by an open transaction; weak, so a closed entity manager drops out. */
    private final Map<EntityManager, Set<String>> proven = Collections.synchronizedMap(new WeakHashMap<>());

    /** First bytes of held files by hash and length ({@link #head}); the least recently used go first. */
    private final Map<String, byte[]> heads = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > HEADS_KEPT;
        }
    });
    private static final int HEADS_KEPT = 4096;

    AttachmentReach(Clock clock, AttachmentCatalog attachments) {
        this.clock = clock;
        this.attachments = attachments;
    }

    /**
     * Whether the scope sees a record that names this attachment in an attachment field (a photo,
     * a signature image, checklist evidence, an attachment record's content: {@link AttachmentRefs}).
     * The same hash written into free text (a description) names nothing. Administrators see all.
     * The LIKE only narrows the rows to parse; the hash is hex, so it needs no escaping.
     */
    boolean seesAttachment(EntityManager em, Scope scope, String sha256) {
        if (scope.everything()) {
            return true;
        }
        StringBuilder where = new StringBuilder("r.body LIKE :hash");
        Map<String, Object> params = new HashMap<>();
        params.put("hash", "%" + sha256 + "%");
        ScopeClause.append(scope, where, params);
        TypedQuery<RecordEntity> query = em.createQuery("SELECT r FROM RecordEntity r WHERE " + where, RecordEntity.class);
        params.forEach(query::setParameter);
        for (RecordEntity r : query.getResultList()) {
            RecordType type = RecordType.fromWireName(r.recordType()).orElse(null);
            if (type != null && AttachmentRefs.of(type, RecordJson.parseStored(r.body())).containsValue(sha256)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first bytes of a held file (to check it is the image its record says), or empty when they
     * cannot be read. Remembered across transactions: a file is named by the SHA-256 of its bytes
     * and only a complete, verified file is read, so the first bytes under a hash are a fact about
     * the hash itself and never change — a pushed batch names the same few photos thousands of
     * times, and each time used to open the file. A file not held is asked again next time.
     */
    java.util.Optional<byte[]> head(String sha256, int length) {
        String key = sha256 + "/" + length;
        byte[] known = heads.get(key);
        if (known != null) {
            return java.util.Optional.of(known);
        }
        java.util.Optional<byte[]> read = attachments.head(sha256, length);
        read.ifPresent(bytes -> heads.put(key, bytes));
        return read;
    }

    /**
     * Whether a user may name, resume or ask about an attachment: it is in sight through a record
     * ({@link #seesAttachment}), or the user's own upload of these bytes completed and hashed
     * right ({@link #noteHolder}): they proved to hold the content.
     */
    boolean mayUse(EntityManager em, Scope scope, String username, String sha256) {
        if (scope.everything()) {
            return true;
        }
        if (username != null && provenHolder(em, username, sha256)) {
            return true;
        }
        return seesAttachment(em, scope, sha256);
    }

    /**
     * Whether the server holds the file, remembered for the rest of the transaction once it does
     * (a completed file is never removed).
     */
    boolean held(EntityManager em, String sha256) {
        Set<String> known = memo(em);
        if (known.contains(sha256)) {
            return true;
        }
        boolean held = attachments.holds(sha256);
        if (held) {
            known.add(sha256);
        }
        return held;
    }

    /**
     * Whether this user's own upload of the content completed ({@link #noteHolder}), remembered
     * for the rest of the transaction once it has (the rows are never removed). Only what can
     * never turn false is remembered; sight through a record is asked again every time.
     */
    private boolean provenHolder(EntityManager em, String username, String sha256) {
        Set<String> known = memo(em);
        String key = username + "\n" + sha256;
        if (known.contains(key)) {
            return true;
        }
        if (em.createNativeQuery("SELECT 1 FROM attachment_holder WHERE sha256 = ?1 AND user_name = ?2")
                .setParameter(1, sha256).setParameter(2, username).setMaxResults(1).getResultList().isEmpty()) {
            return false;
        }
        known.add(key);
        return true;
    }

    private Set<String> memo(EntityManager em) {
        return proven.computeIfAbsent(em, k -> new HashSet<>());
    }

    /** Remembers that this user's own upload of the content completed and hashed right. */
    void noteHolder(EntityManager em, String username, String sha256) {
        em.createNativeQuery("INSERT INTO attachment_holder (sha256, user_name, held_at) SELECT ?1, ?2, ?3 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM attachment_holder WHERE sha256 = ?4 AND user_name = ?5)")
                .setParameter(1, sha256).setParameter(2, username).setParameter(3, clock.millis())
                .setParameter(4, sha256).setParameter(5, username).executeUpdate();
    }
}
