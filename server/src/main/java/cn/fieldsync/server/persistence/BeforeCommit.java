package cn.fieldsync.server.persistence;

import jakarta.persistence.EntityManager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Writes a transaction makes once, just before its commit, instead of after every change: the
 * audit chain's head and the change sequence, which a pushed batch of a thousand operations would
 * otherwise write a thousand times each. Only the last value of such a row is ever seen by
 * another transaction, so writing it once at the end changes nothing anyone can observe.
 *
 * <p>A hook only writes a row its transaction has already locked (the lock is taken by the
 * first change, in the one lock order of {@code ChangeSequence}); it takes no new lock, so the
 * lock order stays what it was. Hooks run in the order they were first registered, on the
 * transaction's thread, from {@link Database#inTransaction}; a hook that throws rolls the whole
 * transaction back. Held weakly by entity manager, so an abandoned one drops out. Thread-safe.
 */
public final class BeforeCommit {

    /** One write to run before the commit; may throw what the transaction's work may throw. */
    @FunctionalInterface
    public interface Hook {
        void run() throws java.sql.SQLException;
    }

    private static final Map<EntityManager, Map<String, Hook>> HOOKS = Collections.synchronizedMap(new WeakHashMap<>());

    private BeforeCommit() {
    }

    /**
     * Registers (or replaces) the hook named {@code key} of the transaction of {@code em}: a
     * second registration under the same key keeps the first one's place in the order.
     */
    public static void register(EntityManager em, String key, Hook hook) {
        HOOKS.computeIfAbsent(em, k -> new LinkedHashMap<>()).put(key, hook);
    }

    /**
     * Runs and forgets the hooks of this transaction; called by {@link Database} just before it
     * commits, and by a writer outside any transaction, whose statements commit one by one.
     */
    public static void run(EntityManager em) {
        Map<String, Hook> hooks = HOOKS.remove(em);
        if (hooks == null) {
            return;
        }
        for (Hook hook : hooks.values()) {
            try {
                hook.run();
            } catch (java.sql.SQLException e) {
                throw new jakarta.persistence.PersistenceException("a transaction's last write failed: " + e.getMessage(), e);
            }
        }
    }

    /** Forgets the hooks of a transaction that ended without them (rolled back). */
    static void forget(EntityManager em) {
        HOOKS.remove(em);
    }
}
