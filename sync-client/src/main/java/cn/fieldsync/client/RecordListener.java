package cn.fieldsync.client;

import java.util.Set;

/**
 * Told when records on the device change: the app refreshes its lists. Called after the change
 * is committed, on the thread that made it (the writing thread for {@link Origin#LOCAL}, the
 * syncing thread for {@link Origin#SYNC}, once per pushed batch or pulled page). It may read
 * the store; it should return quickly (hand long work to another thread) and must not throw: an
 * exception it throws is dropped so that one listener cannot break a write or a sync.
 */
@FunctionalInterface
public interface RecordListener {

    /** Who changed the records. */
    enum Origin {
        /** This device's own write (create, edit, delete, attach, seal, resend, withdraw). */
        LOCAL,
        /** A sync: records pulled, removed from the device, or whose sent change the server answered (their state moved). */
        SYNC
    }

    /**
     * @param ids    the ids of the records that changed; never empty
     * @param origin who changed them
     */
    void changed(Set<String> ids, Origin origin);
}
