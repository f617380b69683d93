package cn.fieldsync.client;

/** Progress of a sync round, for a progress bar. */
@FunctionalInterface
public interface SyncListener {

    enum Phase { PUSH, PULL }

    /**
     * @param done  operations pushed or changes pulled so far in this phase
     * @param total operations to push (known), or -1 while pulling (the server does not say)
     */
    void progress(Phase phase, long done, long total);

    SyncListener NONE = (phase, done, total) -> {
    };
}
