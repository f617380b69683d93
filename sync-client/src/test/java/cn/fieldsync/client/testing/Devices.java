package cn.fieldsync.client.testing;

import cn.fieldsync.client.FieldStore;

import java.nio.file.Path;

/** A device store enrolled with a {@link FakeServer}, as an app builds one with its own transport. */
public final class Devices {

    private Devices() {
    }

    public static FieldStore enrolled(Path dir, FakeServer server) {
        FieldStore store = FieldStore.builder(dir).transport(url -> server).open();
        store.init("http://fake.invalid", "平板-01", "zhangming", FakeServer.PASSWORD);
        return store;
    }
}
