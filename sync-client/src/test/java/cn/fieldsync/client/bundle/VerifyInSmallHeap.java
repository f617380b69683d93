package cn.fieldsync.client.bundle;

import java.nio.file.Path;
import java.util.List;

/**
 * What BundleVerifierMemoryTest runs in a child JVM with a small heap: verifies the bundle named
 * by the first argument, prints one line per item, exits 0 when every item holds and 1 otherwise.
 */
public final class VerifyInSmallHeap {

    private VerifyInSmallHeap() {
    }

    public static void main(String[] args) {
        List<BundleVerifier.Item> items = BundleVerifier.verify(Path.of(args[0]));
        items.forEach(i -> System.out.println((i.ok() ? "ok   " : "FAIL ") + i.path() + ": " + i.comment()));
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        System.exit(items.stream().allMatch(BundleVerifier.Item::ok) ? 0 : 1);
    }
}
