package cn.fieldsync.server.sync;

import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.ChangeFeedQuery;
import cn.fieldsync.server.record.RecordStore;

import java.util.List;

/** The change feed's pages as the device reads them (GET /api/sync/changes). Thread-safe; read-only. */
final class ChangeFeedPages {

    private final Database database;
    private final RecordStore store;

    ChangeFeedPages(Database database, RecordStore store) {
        this.database = database;
        this.store = store;
    }

    /**
     * Changes after the cursor, in change-sequence order, with the next cursor and whether more
     * wait: the text of schemas/sync/changes-page.schema.json, written without a JSON tree.
     */
    String page(Caller caller, long since, String scopeKey, int limit) {
        String key = caller.scope().key();
        // a device served under another scope (the user's jurisdictions or units changed) starts
        // again from the beginning, and drops whatever the new feed does not bring back
        boolean reset = since > 0 && !key.equals(scopeKey);
        long from = reset ? 0 : since;
        ChangeFeedQuery.Feed feed = database.withConnection(c -> store.changesAfter(c, caller.scope(), from, limit));
        List<ChangeFeedQuery.Change> items = feed.changes();
        StringBuilder json = new StringBuilder(items.size() * 1024 + 64).append("{\"changes\":[");
        for (int i = 0; i < items.size(); i++) {
            ChangeFeedQuery.Change change = items.get(i);
            json.append(i == 0 ? "" : ",").append("{\"seq\":").append(change.seq())
                    .append(change.removal() ? ",\"removed\":" : ",\"record\":").append(change.recordJson()).append('}');
        }
        json.append("],\"nextCursor\":\"").append(feed.nextCursor()).append("\",\"hasMore\":").append(feed.hasMore())
                .append(",\"scope\":\"").append(key).append('"');
        if (reset) {
            json.append(",\"reset\":true");
        }
        return json.append('}').toString();
    }
}
