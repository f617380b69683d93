package cn.fieldsync.client;

/**
 * What one sync round did.
 *
 * @param pushMillis time spent pushing the outbox
 * @param pullMillis time spent pulling changes
 */
public record SyncReport(int pushed, int applied, int merged, int conflicts, int rejected, int duplicates, int pulled,
                         long pushMillis, long pullMillis) {

    public String summary() {
        return "pushed " + pushed + ", applied " + applied + ", merged " + merged + ", conflicts " + conflicts
                + ", rejected " + rejected + ", pulled " + pulled;
    }
}
