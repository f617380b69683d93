package cn.fieldsync.client;

/**
 * What one sync round did.
 *
 * @param uploaded   attachments uploaded (or finished) in this round
 * @param rejected   operations the server refused for good in this round: kept on the device,
 *                   marked for the inspector's attention (see {@link FieldStore#attention()})
 * @param waiting    operations kept for the next round: they wait for an attachment, a record
 *                   they build on or link to, or the user's scope (sent again at each sync)
 * @param removed    records dropped from the device: they left the user's sight (moved away, or
 *                   the user's jurisdictions or units changed)
 * @param keptOutOfScope records that left the user's sight but are kept: they hold un-pushed
 *                   operations, which the server will refuse (out_of_scope) and log
 * @param attention  records on the device that need the inspector's attention after this round
 * @param pushMillis time spent pushing the outbox (uploads included)
 * @param pullMillis time spent pulling changes
 */
public record SyncReport(int pushed, int applied, int merged, int conflicts, int rejected, int duplicates, int pulled,
                         int uploaded, int waiting, int removed, int keptOutOfScope, int attention, long pushMillis,
                         long pullMillis) {

    public String summary() {
        return "pushed " + pushed + ", applied " + applied + ", merged " + merged + ", conflicts " + conflicts
                + ", rejected " + rejected + ", pulled " + pulled
                + (uploaded > 0 ? ", attachments uploaded " + uploaded : "")
                + (waiting > 0 ? ", waiting " + waiting : "")
                + (removed > 0 ? ", removed (out of your scope) " + removed : "")
                + (keptOutOfScope > 0 ? ", kept with un-pushed changes though out of your scope " + keptOutOfScope : "")
                + (attention > 0 ? ", need your attention " + attention : "");
    }
}
