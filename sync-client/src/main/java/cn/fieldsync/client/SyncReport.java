package cn.fieldsync.client;

/** What one sync round did. */
public record SyncReport(int pushed, int applied, int merged, int conflicts, int rejected, int duplicates, int pulled) {

    public String summary() {
        return "pushed " + pushed + ", applied " + applied + ", merged " + merged + ", conflicts " + conflicts
                + ", rejected " + rejected + ", pulled " + pulled;
    }
}
