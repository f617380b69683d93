package cn.fieldsync.server.testing;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.HttpTransport;

import java.net.URI;

/** Real device stores enrolled on the test server, and their syncs over real HTTP (protocol-checked). */
public final class TestDevices {

    private TestDevices() {
    }

    /** A fresh device store in its own directory, enrolled for the inspector "inspector-{name}"; the caller closes it. */
    public static FieldStore enrolled(Http admin, String directory, String name) {
        FieldStore store = FieldStore.open(TestDatabases.freshDirectory(directory));
        TestUsers.init(admin, store, name);
        return store;
    }

    public static SyncReport sync(URI server, FieldStore store) {
        return store.sync(new ContractCheckedTransport(new HttpTransport(server.toString())), SyncListener.NONE);
    }
}
