package cn.fieldsync.server.sync;

import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.record.ChangeFeedQuery;
import cn.fieldsync.server.record.RecordStore;


/** The change feed's pages as the device reads them (GET /api/sync/changes). Thread-safe; read-only. */
final class ChangeFeedPages {

    private final Database database;
    private final RecordStore store;

    ChangeFeedPages(Database database, RecordStore store) {
        this.database = database;
        this.store = store;
    }

    /** Changes after the cursor, in change-sequence order, with the next cursor and whether more wait. */
    ChangePage page(Caller caller, long since, String scopeKey, int limit) {
        String key = caller.scope().key();
        // a device served under another scope (the user's jurisdictions or units changed) starts
        // again from the beginning, and drops whatever the new feed does not bring back
        boolean reset = since > 0 && !key.equals(scopeKey);
        long from = reset ? 0 : since;
        ChangeFeedQuery.Feed feed = database.withConnection(c -> store.changesAfter(c, caller.scope(), from, limit));
        return new ChangePage(feed.changes(), feed.nextCursor(), feed.hasMore(), key, reset);
    }
}
