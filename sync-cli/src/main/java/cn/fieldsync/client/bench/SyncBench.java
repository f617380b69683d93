package cn.fieldsync.client.bench;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.internal.Attachments;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The client side of ops/bench/sync-bench.sh, run as its own process:
 * <pre>
 *   generate STORE UNIT_ID N   store N hidden dangers of ~1.2 KB (offline, in batches); prints {"avg_doc_bytes"}
 *   edit STORE PERCENT         change that share of the store's hidden dangers
 *   sync STORE                 one sync round; prints {"push_ms","pull_ms","pushed","pulled","heap_max_mb","cpu_ms",
 *                              "push_bytes_sent","push_bytes_received","pull_bytes_received"} (bodies as sent, gzip included)
 * </pre>
 */
public final class SyncBench {

    private static final String TEXT = "检查发现该企业液氨储罐区消防通道被杂物堵塞，应急照明损坏，部分灭火器压力不足且超过检验有效期，"
            + "可燃气体报警装置未与紧急切断阀联锁，作业人员未按规定佩戴防护用品，现场安全警示标志缺失，"
            + "隐患排查治理台账记录不完整，责令企业立即组织整改并在期限内报送整改情况，整改期间加强巡查，"
            + "落实专人负责，确保不发生次生事故。企业主要负责人当场签字确认。";

    /** Characters of a generated description: the peer benchmark's records have 200. */
    private static final int DESCRIPTION_CHARS = 200;

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> generate(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "edit" -> edit(Path.of(args[1]), Double.parseDouble(args[2]));
            case "sync" -> sync(Path.of(args[1]));
            default -> {
                System.err.println("usage: SyncBench generate STORE UNIT_ID N | edit STORE PERCENT | sync STORE");
                System.exit(1);
            }
        }
    }

    private static void generate(Path store, String unit, int n) throws Exception {
        Random random = new Random(n);
        // three site photos, referenced by every record: uploaded once, as identical content is stored once
        Attachments files = new Attachments(store.resolve("attachments"));
        StringBuilder photos = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            Path photo = Files.createTempFile("bench-photo", ".jpg");
            byte[] bytes = new byte[200_000];
            random.nextBytes(bytes);
            // a photo is a JPEG (the device and the server check a photo's first bytes: ImageBytes)
            bytes[0] = (byte) 0xFF;
            bytes[1] = (byte) 0xD8;
            bytes[2] = (byte) 0xFF;
            bytes[3] = (byte) 0xE0;
            Files.write(photo, bytes);
            photos.append(p == 0 ? "" : ",").append('"').append(files.add(photo).sha256()).append('"');
            Files.delete(photo);
        }
        try (FieldStore device = FieldStore.open(store)) {
            List<JsonObject> batch = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                // 200 characters of description, as in the peer's records (~1.2 KB of UTF-8 a record)
                int from = random.nextInt(TEXT.length());
                batch.add(StrictJson.parseObject("""
                        {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"%s",
                         "location":{"lat":37.%04d,"lon":120.%04d,"accuracyM":%d,"address":"栖霞市经济开发区化工园%d号"},
                         "foundAt":"2026-11-20T09:30:00+08:00","deadline":"2026-12-%02d","responsiblePerson":"李建国",
                         "status":"REGISTERED","photos":[%s]}""".formatted(unit, (TEXT + TEXT + TEXT).substring(from, from + DESCRIPTION_CHARS),
                        random.nextInt(10000), random.nextInt(10000), 3 + random.nextInt(20), random.nextInt(100),
                        1 + random.nextInt(28), photos)));
                bytes += batch.getLast().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (batch.size() == 2000) {
                    device.createAll(RecordType.HAZARD, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                device.createAll(RecordType.HAZARD, batch);
            }
            System.out.printf("{\"avg_doc_bytes\":%d}%n", n == 0 ? 0 : bytes / n);
        }
    }

    private static void edit(Path store, double percent) {
        try (FieldStore device = FieldStore.open(store)) {
            List<String> ids = new ArrayList<>();
            device.forEach(RecordType.HAZARD, r -> ids.add(r.id()));
            Random random = new Random(ids.size());
            int n = (int) Math.ceil(ids.size() * percent / 100);
            for (int i = 0; i < n; i++) {
                device.edit(ids.get(random.nextInt(ids.size())), Map.of("responsiblePerson", new JsonPrimitive("整改负责人" + i)));
            }
        }
    }

    private static void sync(Path store) {
        HeapWatch watch = new HeapWatch();
        watch.start();
        SyncReport report;
        try (FieldStore device = FieldStore.open(store)) {
            report = device.sync(SyncListener.NONE);
        }
        watch.interrupt();
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        HttpTransport.WireCount wire = HttpTransport.WIRE;
        System.out.printf("{\"push_ms\":%d,\"pull_ms\":%d,\"pushed\":%d,\"pulled\":%d,\"heap_max_mb\":%.1f,\"cpu_ms\":%d,"
                        + "\"cpu_by_thread_ms\":%s,\"push_bytes_sent\":%d,\"push_bytes_received\":%d,\"pull_bytes_received\":%d}%n",
                report.pushMillis(), report.pullMillis(), report.pushed(), report.pulled(), watch.maxMb(), cpuMs,
                cpuByThread(), wire.pushSent(), wire.pushReceived(), wire.pullReceived());
    }

    /**
     * This process's CPU milliseconds so far by kind of thread, read from Linux's /proc: {@code jit} the compiler threads, {@code gc} the collector's,
     * {@code vm} the VM thread (where the serial collector runs), {@code main} the syncing thread (Linux names it {@code java}),
     * {@code ahead} the push-ahead and fetch-ahead threads (and any other thread that ended), {@code other} the rest.
     * {@code {}} where there is no /proc.
     */
    private static String cpuByThread() {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            long live = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(task.resolve("comm")).trim();
                long t = ticks(task.resolve("stat"));
                live += t;
                String kind = name.contains("Compiler") ? "jit" : name.startsWith("GC") || name.startsWith("G1") ? "gc"
                        : name.equals("VM Thread") ? "vm" : name.equals("main") || name.equals("java") ? "main" : name.startsWith("fieldsync-") ? "ahead" : "other";
                ticks.merge(kind, t, Long::sum);
            }
            // threads that ended (the push-ahead and fetch-ahead executors) count only in the process's total
            ticks.merge("ahead", Math.max(0, ticks(Path.of("/proc/self/stat")) - live), Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
            return "{}";
        }
        StringBuilder json = new StringBuilder("{");
        ticks.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v * 10));
        return json.append('}').toString();
    }

    /** utime + stime (fields 14 and 15) of a /proc stat file, in clock ticks (1/100 s). */
    private static long ticks(Path stat) throws java.io.IOException {
        String text = Files.readString(stat);
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Samples used heap every 20 ms; the peak is what the round needed at most (garbage included). */
    private static final class HeapWatch extends Thread {
        private volatile long max;

        HeapWatch() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                    }
                }
                max = Math.max(max, used);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double maxMb() {
            return max / 1024.0 / 1024.0;
        }
    }
}
