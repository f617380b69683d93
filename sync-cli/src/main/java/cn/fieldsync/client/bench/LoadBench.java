package cn.fieldsync.client.bench;

import cn.fieldsync.schemas.JsonFields;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load harness of ops/bench/load.sh (issue 17): many simulated devices push realistic batches
 * through the real HTTP sync protocol while pullers page the change feed, against one or more
 * server nodes on this machine; it prints latency percentiles, throughput, errors and whether
 * every puller got every change exactly once. A benchmark: it prints figures and asserts nothing.
 *
 * <p>Each device has its own inspector account (made with the admin API) and its own enrolled
 * device, logged in as {@code fieldsync init} does it (login, enrol, login bound to the device).
 * Its batches mix new hidden dangers, edits of its own earlier ones, creates its schema refuses
 * ({@code invalid_record}) and status changes the lifecycle refuses; pairs of devices edit one
 * shared record's field from the same base version, so one is applied and the other opens a
 * conflict. Every tenth device belongs to an inspector of the whole city (both counties), who now
 * and then moves a hidden danger to a unit of the other county: the readers of the county it left
 * get a removal, those of the other the record. Pushes and pulls go round the nodes. Each puller (a reviewer of one county, or an
 * administrator who sees both) pages {@code GET /api/sync/changes} with its cursor until the
 * pushing is over and a pass begun after it finds nothing new; then its records (id → last
 * version seen) must equal what the push answers say the server holds in its scope, no seq may
 * come twice or out of order, and a fresh read of each scope's feed must agree as well.
 *
 * <p>Usage: {@code LoadBench --nodes URL[,URL] --admin-password P [--devices 200] [--pullers 20]
 * [--batches 10] [--batch 10] [--think-ms 3000] [--poll-ms 500] [--page 500] [--conflicts 10]
 * [--max-seconds 300] [--warmup-batches 3] [--setup-threads 2] [--at-start COMMAND] [--midrun COMMAND] [--at-end COMMAND]
 * [--setup-save FILE | --setup-load FILE] [--json FILE] [--seed 17]}. The commands are shell commands: {@code --at-start} and
 * {@code --at-end} run when the load begins and when it is over (load.sh starts and dumps a flight
 * recording with them, so that the profile holds the load and not the set-up's password hashing),
 * {@code --midrun} once half the planned pushes are answered (load.sh restarts PostgreSQL with
 * it). Loopback addresses only.
 *
 * <p>The push latency is reported for the whole run and, apart, without each device's first
 * {@code --warmup-batches}: those reach a server that has only just started, whose JIT compiler is
 * still at work and whose first seconds see every device arrive at once; they are sent, answered
 * and checked like every other batch, only left out of the warm figures ({@code push_ms_warm}).
 */
public final class LoadBench {

    private static final String[] COUNTIES = {"370686", "370602"};
    private static final String[] FINDINGS = {
            "液氨储罐区消防通道被杂物堵塞，应急照明损坏", "部分灭火器压力不足且超过检验有效期",
            "可燃气体报警装置未与紧急切断阀联锁", "作业人员未按规定佩戴防护用品", "现场安全警示标志缺失",
            "隐患排查治理台账记录不完整", "配电箱未设置漏电保护装置，电缆老化破损", "危险化学品仓库通风设施失效",
            "特种作业人员未持证上岗", "安全出口锁闭，疏散指示标志损坏"};
    private static final String ORDER = "责令企业立即组织整改并在期限内报送整改情况，整改期间加强巡查，落实专人负责，"
            + "确保不发生次生事故。企业主要负责人当场签字确认。";

    /** What an operation is meant to be, and so which answers are right for it. */
    private enum Kind { CREATE, EDIT, MOVE, INVALID, LIFECYCLE, CONFLICT }

    /** An operation, and the county its record is in once it applies. */
    private record Planned(Kind kind, String id, int county, JsonObject op) {
    }

    private static final class Own {
        final String id;
        int version;
        int county;

        Own(String id, int version, int county) {
            this.id = id;
            this.version = version;
            this.county = county;
        }
    }

    private record Known(int county, int version) {
    }

    private final Options o;
    private final LoadHttp http;
    private final Map<String, Known> ledger = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> pushNanos = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> pullNanos = new ConcurrentLinkedQueue<>();
    /** The push latencies of batches after each device's warm-up batches. */
    private final ConcurrentLinkedQueue<Long> warmPushNanos = new ConcurrentLinkedQueue<>();
    /** Each push answered: {nanoseconds since the run began when it was answered, its latency in nanoseconds}. */
    private final ConcurrentLinkedQueue<long[]> pushTimeline = new ConcurrentLinkedQueue<>();
    private volatile long runStartNanos;
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errorsByKind = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicLong opsAnswered = new AtomicLong();
    private final AtomicLong pushesDone = new AtomicLong();
    private final AtomicLong pagesRead = new AtomicLong();
    private final AtomicLong changesRead = new AtomicLong();
    private final AtomicLong batchesCut = new AtomicLong();
    private final AtomicBoolean pushing = new AtomicBoolean(true);
    private final AtomicInteger conflictPairs = new AtomicInteger();
    private volatile String midrun = null;
    private long deadlineNanos;

    private LoadBench(Options o) {
        this.o = o;
        this.http = new LoadHttp(o.nodes, 8);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LoadBench --nodes URL[,URL] --admin-password P [--devices 200] [--pullers 20] [--batches 10]"
                    + " [--batch 10] [--think-ms 3000] [--poll-ms 500] [--page 500] [--conflicts 10] [--max-seconds 300]"
                    + " [--setup-threads 2] [--at-start COMMAND] [--midrun COMMAND] [--at-end COMMAND]"
                    + " [--setup-save FILE | --setup-load FILE] [--json FILE] [--seed 17]");
            System.exit(1);
            return;
        }
        new LoadBench(options).run();
    }

    private static final class Options {
        List<URI> nodes = new ArrayList<>();
        String adminPassword;
        int devices = 200;
        int pullers = 20;
        int batches = 10;
        int batch = 10;
        int thinkMs = 3000;
        int pollMs = 500;
        int page = 500;
        int conflicts = 10;
        int maxSeconds = 300;
        int warmupBatches = 3;
        int setupThreads = 2;
        long seed = 17;
        String atStart;
        Path setupSave;
        Path setupLoad;
        String midrun;
        String atEnd;
        Path json;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("no value after " + flag);
                }
                String v = args[++i];
                switch (flag) {
                    case "--nodes" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                            .map(s -> URI.create(s.endsWith("/") ? s : s + "/")).forEach(o.nodes::add);
                    case "--admin-password" -> o.adminPassword = v;
                    case "--devices" -> o.devices = positive(flag, v);
                    case "--pullers" -> o.pullers = positive(flag, v);
                    case "--batches" -> o.batches = positive(flag, v);
                    case "--batch" -> o.batch = positive(flag, v);
                    case "--think-ms" -> o.thinkMs = Integer.parseInt(v);
                    case "--poll-ms" -> o.pollMs = Integer.parseInt(v);
                    case "--page" -> o.page = positive(flag, v);
                    case "--conflicts" -> o.conflicts = Integer.parseInt(v);
                    case "--max-seconds" -> o.maxSeconds = positive(flag, v);
                    case "--warmup-batches" -> o.warmupBatches = Integer.parseInt(v);
                    case "--setup-threads" -> o.setupThreads = positive(flag, v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--midrun" -> o.midrun = v.isBlank() ? null : v;
                    case "--at-start" -> o.atStart = v.isBlank() ? null : v;
                    case "--at-end" -> o.atEnd = v.isBlank() ? null : v;
                    case "--json" -> o.json = Path.of(v);
                    case "--setup-save" -> o.setupSave = Path.of(v);
                    case "--setup-load" -> o.setupLoad = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            if (o.nodes.isEmpty() || o.adminPassword == null) {
                throw new IllegalArgumentException("--nodes and --admin-password are required");
            }
            return o;
        }

        private static int positive(String flag, String v) {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(flag + " must be at least 1");
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ setup

    private record Actor(int index, String username, int county, String token, String refreshToken, String deviceId) {
    }

    /** What the set-up made: the units of each county, the records conflict pairs share, the actors. */
    private record Setup(List<List<String>> units, String[] shared, List<Actor> devices, List<Actor> pullers) {
    }

    private void run() throws Exception {
        long setupStart = System.nanoTime();
        int pairs = Math.min(o.conflicts, o.devices / 4);
        Setup made = o.setupLoad != null ? loadSetup(o.setupLoad) : setUp(pairs);
        if (o.setupSave != null) {
            saveSetup(made, o.setupSave);
        }
        List<List<String>> units = made.units();
        String[] shared = made.shared();
        List<Actor> devices = made.devices();
        List<Actor> pullers = made.pullers();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        System.err.printf("setup: %d accounts, %d devices enrolled in %.1f s%s; running...%n",
                o.devices + o.pullers, o.devices, setupSeconds, o.setupLoad != null ? " (saved set-up " + o.setupLoad + ", logins refreshed)" : "");

        // ------------------------------------------------------------ the run
        if (o.atStart != null) {
            System.err.println("at start: " + shell(o.atStart));
        }
        long start = System.nanoTime();
        runStartNanos = start;
        deadlineNanos = start + TimeUnit.SECONDS.toNanos(o.maxSeconds);
        Thread midrunThread = null;
        long plannedPushes = (long) o.devices * o.batches;
        List<Map<String, Integer>> collected = new ArrayList<>();
        List<long[]> pullerFaults = new ArrayList<>();
        long pushSeconds;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> pullerRuns = new ArrayList<>();
            List<Map<String, Integer>> seen = new ArrayList<>();
            for (Actor p : pullers) {
                Map<String, Integer> mine = new HashMap<>();
                seen.add(mine);
                pullerRuns.add(pool.submit(() -> {
                    try {
                        return pull(p, mine);
                    } catch (RuntimeException e) {
                        error("harness", "puller " + p.index + " stopped: " + e);
                        return new long[3];
                    }
                }));
            }
            List<Future<?>> deviceRuns = new ArrayList<>();
            for (Actor d : devices) {
                String[] mineShared = new String[1];
                for (int k = 0; k < pairs; k++) {
                    if (pairDevice(k, 0) == d.index || pairDevice(k, 1) == d.index) {
                        mineShared[0] = shared[k];
                    }
                }
                deviceRuns.add(pool.submit(() -> {
                    try {
                        device(d, units, mineShared[0]);
                    } catch (RuntimeException e) {
                        error("harness", "device " + d.index + " stopped: " + e);
                    }
                    return null;
                }));
            }
            if (o.midrun != null) {
                midrunThread = Thread.ofPlatform().daemon().start(() -> runMidrun(start, plannedPushes));
            }
            for (Future<?> f : deviceRuns) {
                f.get();
            }
            pushSeconds = System.nanoTime() - start;
            pushing.set(false);
            for (int i = 0; i < pullerRuns.size(); i++) {
                pullerFaults.add(pullerRuns.get(i).get());
                collected.add(seen.get(i));
            }
        }
        double runSeconds = (System.nanoTime() - start) / 1e9;
        if (o.atEnd != null) {
            System.err.println("at end: " + shell(o.atEnd));
        }
        if (midrunThread != null) {
            midrunThread.join(TimeUnit.SECONDS.toMillis(60));
        }

        // ------------------------------------------------------------ consistency
        Map<Integer, Map<String, Integer>> fresh = new HashMap<>();
        long missed = 0;
        long stale = 0;
        long extra = 0;
        long repeated = 0;
        long outOfOrder = 0;
        long resets = 0;
        for (int i = 0; i < pullers.size(); i++) {
            Actor p = pullers.get(i);
            Map<String, Integer> expected = expected(p.county);
            Map<String, Integer> got = collected.get(i);
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                Integer v = got.get(e.getKey());
                if (v == null) {
                    missed++;
                } else if (v < e.getValue()) {
                    stale++;
                }
            }
            for (String id : got.keySet()) {
                if (!expected.containsKey(id)) {
                    extra++;
                }
            }
            repeated += pullerFaults.get(i)[0];
            outOfOrder += pullerFaults.get(i)[1];
            resets += pullerFaults.get(i)[2];
            if (!fresh.containsKey(p.county)) {
                Map<String, Integer> all = new HashMap<>();
                try {
                    readWholeFeed(p, all);
                } catch (IOException | RuntimeException e) {
                    error("final_read", "the whole feed of puller " + p.index + " could not be read: " + e);
                }
                fresh.put(p.county, all);
            }
        }
        long lost = 0;
        long unanswered = 0;
        for (Map.Entry<Integer, Map<String, Integer>> scope : fresh.entrySet()) {
            Map<String, Integer> expected = expected(scope.getKey());
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                if (!e.getValue().equals(scope.getValue().get(e.getKey()))) {
                    lost++;
                }
            }
            for (String id : scope.getValue().keySet()) {
                if (!expected.containsKey(id)) {
                    unanswered++;
                }
            }
        }

        // ------------------------------------------------------------ report
        long[] push = sorted(pushNanos);
        long[] pull = sorted(pullNanos);
        long errors = errorsByKind.values().stream().mapToLong(AtomicLong::get).sum();
        double pushPhase = pushSeconds / 1e9;
        JsonObject out = new JsonObject();
        out.addProperty("nodes", o.nodes.size());
        out.addProperty("devices", o.devices);
        out.addProperty("pullers", o.pullers);
        out.addProperty("batches", o.batches);
        out.addProperty("batch", o.batch);
        out.addProperty("think_ms", o.thinkMs);
        out.addProperty("setup_s", round(setupSeconds));
        out.addProperty("run_s", round(runSeconds));
        out.addProperty("push_phase_s", round(pushPhase));
        out.addProperty("pushes", push.length);
        out.addProperty("ops", opsAnswered.get());
        out.addProperty("ops_per_s", round(opsAnswered.get() / pushPhase));
        out.addProperty("pushes_per_s", round(push.length / pushPhase));
        out.add("push_ms", percentiles(push));
        out.addProperty("warmup_batches", o.warmupBatches);
        // none when every batch was a warm-up batch (--batches not above --warmup-batches): no figure, not zeros
        long[] warm = sorted(warmPushNanos);
        out.add("push_ms_warm", warm.length == 0 ? JsonNull.INSTANCE : percentiles(warm));
        out.addProperty("pages", pull.length);
        out.addProperty("changes_pulled", changesRead.get());
        out.addProperty("changes_pulled_per_s", round(changesRead.get() / runSeconds));
        out.add("pull_ms", percentiles(pull));
        JsonObject answerCounts = new JsonObject();
        new TreeMap<>(answers).forEach((k, v) -> answerCounts.addProperty(k, v.get()));
        out.add("answers", answerCounts);
        out.addProperty("conflict_pairs", conflictPairs.get());
        out.addProperty("errors", errors);
        JsonObject errorKinds = new JsonObject();
        new TreeMap<>(errorsByKind).forEach((k, v) -> errorKinds.addProperty(k, v.get()));
        out.add("error_kinds", errorKinds);
        out.addProperty("unavailable_503", http.unavailableAnswers.get());
        out.addProperty("unavailable_503_without_retry_after", http.unavailableWithoutRetryAfter.get());
        out.addProperty("batches_cut_by_time", batchesCut.get());
        out.addProperty("missed", missed);
        out.addProperty("stale", stale);
        out.addProperty("extra", extra);
        out.addProperty("repeated_seq", repeated);
        out.addProperty("out_of_order_seq", outOfOrder);
        out.addProperty("resets", resets);
        out.addProperty("lost_vs_answers", lost);
        out.addProperty("unanswered_on_server", unanswered);
        if (midrun != null) {
            out.addProperty("midrun", midrun);
        }

        System.out.printf("fieldsync load: %d node(s), %d devices × %d batches × %d operations (think %d ms), %d pullers%n",
                o.nodes.size(), o.devices, o.batches, o.batch, o.thinkMs, o.pullers);
        System.out.printf("setup: %.1f s (%d accounts, %d devices enrolled)%n", setupSeconds, o.devices + o.pullers, o.devices);
        System.out.printf("push: %d requests, %d operations in %.1f s = %.0f operations/s, %.1f pushes/s%n",
                push.length, opsAnswered.get(), pushPhase, opsAnswered.get() / pushPhase, push.length / pushPhase);
        System.out.printf("      latency ms %s%n", line(push));
        System.out.printf("      after each device's first %d batches (the server's warm-up): %s%n", o.warmupBatches,
                warmPushNanos.isEmpty() ? "none (no device sent more batches than that)" : line(sorted(warmPushNanos)));
        System.out.printf("      by %d s of the run, pushes answered then: %s%n", WINDOW_SECONDS, windows());
        System.out.printf("      answers %s; conflicts opened by %d of %d pairs%n", answerCounts, conflictPairs.get(), pairs);
        System.out.printf("pull: %d pages, %d changes (%.0f changes/s)%n", pull.length, changesRead.get(), changesRead.get() / runSeconds);
        System.out.printf("      latency ms %s%n", line(pull));
        System.out.printf("errors: %d %s%s%n", errors, errorKinds, batchesCut.get() > 0 ? "; batches not sent (time bound): " + batchesCut.get() : "");
        errorSamples.stream().limit(8).forEach(s -> System.out.println("      " + s));
        System.out.printf("503 answers: %d (without Retry-After: %d), each sent again by the client%n",
                http.unavailableAnswers.get(), http.unavailableWithoutRetryAfter.get());
        System.out.printf("consistency: %d pullers; missed %d, stale %d, extra %d, repeated seq %d, out of order %d, resets %d;"
                        + " feed vs push answers: lost %d, unanswered %d%n",
                o.pullers, missed, stale, extra, repeated, outOfOrder, resets, lost, unanswered);
        if (midrun != null) {
            System.out.println("midrun: " + midrun);
        }
        if (o.json != null) {
            Files.writeString(o.json, out + "\n");
        }
    }

    /**
     * The accounts, devices, units and shared records made through the admin API, as a county's
     * administrator would. Each account costs the server three PBKDF2 hashes (made, logged in,
     * logged in again bound to its device): the slow part, by design of the product's hashing.
     */
    private Setup setUp(int pairs) throws Exception {
        String admin = login(0, "admin", o.adminPassword, null).get("token").getAsString();
        List<List<String>> units = new ArrayList<>();
        for (int c = 0; c < COUNTIES.length; c++) {
            List<String> ids = new ArrayList<>();
            for (int u = 0; u < 4; u++) {
                ids.add(created(adminPost(admin, "api/units", "{\"name\":\"负载测试企业" + c + "-" + u
                        + "有限公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + COUNTIES[c] + "\"}"), c));
            }
            units.add(ids);
        }
        String[] shared = new String[pairs];
        for (int k = 0; k < pairs; k++) {
            int county = pairDevice(k, 0) % 2;
            shared[k] = created(adminPost(admin, "api/hazards", hazard(units.get(county).get(k % 4), new Random(k), k).toString()), county);
        }
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        ExecutorService setup = Executors.newFixedThreadPool(o.setupThreads);
        List<Future<Actor>> deviceFutures = new ArrayList<>();
        for (int d = 0; d < o.devices; d++) {
            int index = d;
            deviceFutures.add(setup.submit(() -> enrolDevice(admin, "load-" + run + "-i" + index, index, index % 2, city(index))));
        }
        List<Future<Actor>> pullerFutures = new ArrayList<>();
        for (int p = 0; p < o.pullers; p++) {
            int index = p;
            boolean everything = p % 5 == 4;
            pullerFutures.add(setup.submit(() -> reader(admin, "load-" + run + (everything ? "-a" : "-r") + index, index,
                    everything ? -1 : index % 2)));
        }
        List<Actor> devices = new ArrayList<>();
        for (Future<Actor> f : deviceFutures) {
            devices.add(f.get());
        }
        List<Actor> pullers = new ArrayList<>();
        for (Future<Actor> f : pullerFutures) {
            pullers.add(f.get());
        }
        setup.shutdown();
        return new Setup(units, shared, devices, pullers);
    }

    /**
     * Writes what the set-up made, with each actor's refresh token, so that a later run on a copy
     * of this database ({@code load.sh} saves one beside it) starts from {@link #loadSetup} in
     * seconds instead of hashing every password again.
     */
    private void saveSetup(Setup made, Path file) throws IOException {
        JsonObject out = new JsonObject();
        JsonArray units = new JsonArray();
        for (List<String> county : made.units()) {
            JsonArray ids = new JsonArray();
            county.forEach(ids::add);
            units.add(ids);
        }
        out.add("units", units);
        JsonArray shared = new JsonArray();
        Arrays.stream(made.shared()).forEach(shared::add);
        out.add("shared", shared);
        JsonObject known = new JsonObject();
        ledger.forEach((id, k) -> {
            JsonArray pair = new JsonArray();
            pair.add(k.county());
            pair.add(k.version());
            known.add(id, pair);
        });
        out.add("ledger", known);
        out.add("devices", actors(made.devices()));
        out.add("pullers", actors(made.pullers()));
        Files.writeString(file, out + "\n");
    }

    private static JsonArray actors(List<Actor> list) {
        JsonArray array = new JsonArray();
        for (Actor a : list) {
            JsonObject actor = new JsonObject();
            actor.addProperty("index", a.index());
            actor.addProperty("username", a.username());
            actor.addProperty("county", a.county());
            actor.addProperty("refreshToken", a.refreshToken());
            if (a.deviceId() != null) {
                actor.addProperty("deviceId", a.deviceId());
            }
            array.add(actor);
        }
        return array;
    }

    /**
     * A saved set-up, on the database it was saved with: each actor's login is renewed with its
     * refresh token ({@code POST /api/auth/refresh}, no password hash; the tokens stay bound to the
     * device), in parallel.
     */
    private Setup loadSetup(Path file) throws Exception {
        JsonObject in = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        List<List<String>> units = new ArrayList<>();
        for (JsonElement county : in.getAsJsonArray("units")) {
            List<String> ids = new ArrayList<>();
            county.getAsJsonArray().forEach(id -> ids.add(id.getAsString()));
            units.add(ids);
        }
        JsonArray sharedIn = in.getAsJsonArray("shared");
        String[] shared = new String[sharedIn.size()];
        for (int k = 0; k < shared.length; k++) {
            shared[k] = sharedIn.get(k).getAsString();
        }
        for (Map.Entry<String, JsonElement> e : in.getAsJsonObject("ledger").entrySet()) {
            JsonArray pair = e.getValue().getAsJsonArray();
            ledger.put(e.getKey(), new Known(pair.get(0).getAsInt(), pair.get(1).getAsInt()));
        }
        ExecutorService setup = Executors.newFixedThreadPool(o.setupThreads);
        try {
            List<Actor> devices = renewed(setup, in.getAsJsonArray("devices"));
            List<Actor> pullers = renewed(setup, in.getAsJsonArray("pullers"));
            if (devices.size() != o.devices || pullers.size() != o.pullers) {
                throw new IllegalArgumentException("the saved set-up " + file + " has " + devices.size() + " devices and "
                        + pullers.size() + " pullers, not " + o.devices + " and " + o.pullers);
            }
            return new Setup(units, shared, devices, pullers);
        } finally {
            setup.shutdown();
        }
    }

    private List<Actor> renewed(ExecutorService setup, JsonArray saved) throws Exception {
        List<Future<Actor>> futures = new ArrayList<>();
        for (JsonElement element : saved) {
            JsonObject a = element.getAsJsonObject();
            futures.add(setup.submit(() -> {
                int index = a.get("index").getAsInt();
                JsonObject body = new JsonObject();
                body.addProperty("refreshToken", a.get("refreshToken").getAsString());
                JsonObject pair = JsonParser.parseString(setupCall(index, http.post(index, "api/auth/refresh", null, body.toString()).build(), 200))
                        .getAsJsonObject();
                return new Actor(index, a.get("username").getAsString(), a.get("county").getAsInt(), pair.get("token").getAsString(),
                        pair.get("refreshToken").getAsString(), a.has("deviceId") ? a.get("deviceId").getAsString() : null);
            }));
        }
        List<Actor> actors = new ArrayList<>();
        for (Future<Actor> f : futures) {
            actors.add(f.get());
        }
        return actors;
    }

    /** Every tenth device is a city inspector's, who may move records between the two counties. */
    private static boolean city(int device) {
        return device % 10 == 9;
    }

    /** Device {@code side} (0 or 1) of conflict pair k: two devices of the same county. */
    private static int pairDevice(int k, int side) {
        return 4 * k + (k % 2) + 2 * side;
    }

    /** A login's answer: {@code token}, {@code refreshToken}, ... */
    private JsonObject login(int actor, String username, String password, String deviceId) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("username", username);
        body.addProperty("password", password);
        if (deviceId != null) {
            body.addProperty("deviceId", deviceId);
        }
        return JsonParser.parseString(setupCall(actor, http.post(actor, "api/auth/login", null, body.toString()).build(), 200))
                .getAsJsonObject();
    }

    private JsonObject adminPost(String admin, String path, String json) throws Exception {
        return JsonParser.parseString(setupCall(0, http.post(0, path, admin, json).build(), 201)).getAsJsonObject();
    }

    private String created(JsonObject record, int county) {
        String id = record.get("id").getAsString();
        ledger.put(id, new Known(county, record.get("version").getAsInt()));
        return id;
    }

    private String setupCall(int actor, java.net.http.HttpRequest request, int expected) throws Exception {
        LoadHttp.Reply reply = http.send(actor, request);
        if (reply.status() != expected) {
            throw new IllegalStateException("setup: " + request.method() + " " + request.uri().getPath() + " answered "
                    + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }

    /** An account of one county, of the city (both counties: their common prefix), or with no jurisdiction (an ADMIN). */
    private void account(String admin, String username, String role, int county, boolean city) throws Exception {
        JsonObject user = new JsonObject();
        user.addProperty("username", username);
        user.addProperty("password", username + "-password");
        user.addProperty("role", role);
        JsonArray jurisdictions = new JsonArray();
        if (city) {
            jurisdictions.add(COUNTIES[0].substring(0, 4));
        } else if (county >= 0) {
            jurisdictions.add(COUNTIES[county]);
        }
        user.add("jurisdictions", jurisdictions);
        adminPost(admin, "api/admin/users", user.toString());
    }

    /** As {@code fieldsync init}: an inspector's account, a login, the device enrolled, a login bound to it. */
    private Actor enrolDevice(String admin, String username, int index, int county, boolean city) throws Exception {
        account(admin, username, "INSPECTOR", county, city);
        String first = login(index, username, username + "-password", null).get("token").getAsString();
        String deviceId = JsonParser.parseString(setupCall(index, http.post(index, "api/devices", first,
                "{\"name\":\"负载测试平板-" + index + "\"}").build(), 201)).getAsJsonObject().get("id").getAsString();
        JsonObject bound = login(index + 1, username, username + "-password", deviceId);
        return new Actor(index, username, county, bound.get("token").getAsString(), bound.get("refreshToken").getAsString(), deviceId);
    }

    private Actor reader(String admin, String username, int index, int county) throws Exception {
        account(admin, username, county < 0 ? "ADMIN" : "REVIEWER", county, false);
        JsonObject pair = login(index, username, username + "-password", null);
        return new Actor(index, username, county, pair.get("token").getAsString(), pair.get("refreshToken").getAsString(), null);
    }

    // ------------------------------------------------------------------ devices

    private void device(Actor d, List<List<String>> units, String shared) throws InterruptedException {
        String unit = units.get(d.county).get(d.index % 4);
        Random random = new Random(o.seed * 1_000_003 + d.index);
        List<Own> own = new ArrayList<>();
        Thread.sleep(o.thinkMs == 0 ? 0 : random.nextInt(o.thinkMs));
        int conflictBatch = o.batches / 2;
        for (int b = 0; b < o.batches; b++) {
            if (System.nanoTime() > deadlineNanos) {
                batchesCut.addAndGet(o.batches - b);
                return;
            }
            List<Planned> batch = new ArrayList<>();
            Set<String> touched = new HashSet<>();
            for (int i = 0; i < o.batch; i++) {
                if (i == 0 && b == conflictBatch && shared != null) {
                    // both devices of the pair change the same field from version 1
                    JsonObject fields = new JsonObject();
                    fields.addProperty("responsiblePerson", "整改责任人" + d.index);
                    batch.add(new Planned(Kind.CONFLICT, shared, d.county, op(shared, 1, fields)));
                    continue;
                }
                double r = random.nextDouble();
                Own target = own.isEmpty() ? null : own.get(random.nextInt(own.size()));
                if (target != null && !touched.add(target.id)) {
                    target = null;
                }
                if (r < 0.08) {
                    String id = UUID.randomUUID().toString();
                    JsonObject fields = hazard(unit, random, i);
                    fields.addProperty("grade", "SEVERE"); // not in the schema's enum
                    batch.add(new Planned(Kind.INVALID, id, d.county, op(id, 0, fields)));
                } else if (r < 0.12 && target != null) {
                    JsonObject fields = new JsonObject();
                    fields.addProperty("status", "VERIFIED"); // REGISTERED → VERIFIED skips the rectification
                    batch.add(new Planned(Kind.LIFECYCLE, target.id, target.county, op(target.id, target.version, fields)));
                } else if (r < 0.30 && target != null) {
                    JsonObject fields = new JsonObject();
                    fields.addProperty("responsiblePerson", "现场负责人" + d.index + "-" + b + "-" + i);
                    fields.addProperty("description", description(random, b * 100 + i));
                    batch.add(new Planned(Kind.EDIT, target.id, target.county, op(target.id, target.version, fields)));
                } else if (r < 0.40 && target != null && city(d.index)) {
                    int to = 1 - target.county;
                    JsonObject fields = new JsonObject();
                    fields.addProperty("unitId", units.get(to).get(random.nextInt(units.get(to).size())));
                    batch.add(new Planned(Kind.MOVE, target.id, to, op(target.id, target.version, fields)));
                } else {
                    String id = UUID.randomUUID().toString();
                    batch.add(new Planned(Kind.CREATE, id, d.county, op(id, 0, hazard(unit, random, b * 100 + i))));
                }
            }
            push(d, b, batch, own);
            if (o.thinkMs > 0) {
                Thread.sleep(o.thinkMs / 2 + random.nextInt(o.thinkMs));
            }
        }
    }

    private void push(Actor d, int b, List<Planned> batch, List<Own> own) {
        JsonArray operations = new JsonArray();
        batch.forEach(p -> operations.add(p.op));
        JsonObject body = new JsonObject();
        body.add("operations", operations);
        LoadHttp.Reply reply;
        try {
            reply = http.send(d.index, http.post(d.index + b, "api/sync/push", d.token, body.toString()).build());
        } catch (IOException e) {
            error("transport", "push of device " + d.index + ": " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        pushNanos.add(reply.nanos());
        if (b >= o.warmupBatches) {
            warmPushNanos.add(reply.nanos());
        }
        pushTimeline.add(new long[]{System.nanoTime() - runStartNanos, reply.nanos()});
        pushesDone.incrementAndGet();
        if (!reply.ok()) {
            error(reply.status() >= 500 ? "status_5xx" : "status_" + reply.status(), "push of device " + d.index + ": "
                    + reply.status() + " " + abbreviate(reply.body()));
            return;
        }
        JsonArray list = JsonParser.parseString(reply.body()).getAsJsonObject().getAsJsonArray("answers");
        if (list.size() != batch.size()) {
            error("answer_count", "device " + d.index + ": " + list.size() + " answers to " + batch.size() + " operations");
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            check(batch.get(i), list.get(i).getAsJsonObject(), d, own);
        }
    }

    private void check(Planned planned, JsonObject answer, Actor d, List<Own> own) {
        opsAnswered.incrementAndGet();
        if ("duplicate".equals(str(answer, "status"))) {
            answer = answer.getAsJsonObject("original"); // a retried push whose first try committed
        }
        String status = str(answer, "status");
        String code = str(answer, "code");
        answers.computeIfAbsent(status + (code == null ? "" : ":" + code), k -> new AtomicLong()).incrementAndGet();
        boolean applied = "applied".equals(status) || "merged".equals(status) || "conflict".equals(status);
        boolean right = switch (planned.kind) {
            case CREATE, EDIT, MOVE -> "applied".equals(status);
            case INVALID -> "rejected".equals(status) && "invalid_record".equals(code) && answer.get("final").getAsBoolean();
            case LIFECYCLE -> "rejected".equals(status) && answer.get("final").getAsBoolean();
            case CONFLICT -> applied;
        };
        if (!right) {
            error("unexpected_answer", planned.kind + " of device " + d.index + " answered " + abbreviate(answer.toString()));
        }
        if (!applied) {
            return;
        }
        int version = answer.get("version").getAsInt();
        ledger.merge(planned.id, new Known(planned.county, version), (a, b) -> a.version >= b.version ? a : b);
        if ("conflict".equals(status)) {
            conflictPairs.incrementAndGet();
        }
        switch (planned.kind) {
            case CREATE -> own.add(new Own(planned.id, version, planned.county));
            case EDIT, MOVE -> own.stream().filter(x -> x.id.equals(planned.id)).forEach(x -> {
                x.version = version;
                x.county = planned.county;
            });
            default -> {
            }
        }
    }

    private static JsonObject op(String id, int baseVersion, JsonObject fields) {
        JsonObject op = new JsonObject();
        op.addProperty("opId", UUID.randomUUID().toString());
        op.addProperty("type", "hazard");
        op.addProperty("id", id);
        op.addProperty("baseVersion", baseVersion);
        op.add("fields", fields);
        return op;
    }

    /** A general hidden danger as an inspector records it on site: 0.6–1.2 KB of JSON. */
    private static JsonObject hazard(String unit, Random random, int n) {
        JsonObject h = new JsonObject();
        h.addProperty("unitId", unit);
        h.addProperty("grade", "GENERAL");
        h.addProperty("category", "FIRE");
        h.addProperty("description", description(random, n));
        JsonObject location = new JsonObject();
        location.addProperty("lat", 37.0 + random.nextInt(10000) / 10000.0);
        location.addProperty("lon", 120.0 + random.nextInt(10000) / 10000.0);
        location.addProperty("accuracyM", 3 + random.nextInt(20));
        location.addProperty("address", "经济开发区化工园" + random.nextInt(100) + "号");
        h.add("location", location);
        h.addProperty("foundAt", "2026-11-20T09:30:00+08:00");
        h.addProperty("deadline", "2026-12-%02d".formatted(1 + random.nextInt(28)));
        h.addProperty("responsiblePerson", "李建国");
        h.addProperty("status", "REGISTERED");
        return h;
    }

    private static String description(Random random, int n) {
        StringBuilder text = new StringBuilder("第").append(n).append("项：");
        for (int i = 0, k = 2 + random.nextInt(4); i < k; i++) {
            text.append(FINDINGS[random.nextInt(FINDINGS.length)]).append('；');
        }
        return text.append(ORDER).toString();
    }

    // ------------------------------------------------------------------ pullers

    /**
     * Pages the feed until a pass begun after the pushing ended finds nothing new; answers
     * {repeated seqs, seqs out of order, resets}.
     */
    private long[] pull(Actor p, Map<String, Integer> seen) throws InterruptedException {
        Random random = new Random(o.seed * 7_919 + p.index);
        long[] faults = new long[3];
        long cursor = 0;
        long lastSeq = 0;
        Set<Long> seqs = new HashSet<>();
        String scope = "";
        boolean finalPass = false;
        int request = 0;
        while (true) {
            if (System.nanoTime() > deadlineNanos + TimeUnit.SECONDS.toNanos(120)) {
                error("puller_cut_short", "puller " + p.index + " did not finish within the time bound");
                return faults;
            }
            boolean stillPushing = pushing.get();
            String path = "api/sync/changes?since=" + cursor + "&limit=" + o.page
                    + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
            LoadHttp.Reply reply;
            try {
                reply = http.send(o.devices + p.index, http.request(p.index + request++, path, p.token).GET().build());
            } catch (IOException e) {
                error("transport", "pull of puller " + p.index + ": " + e);
                Thread.sleep(o.pollMs);
                continue;
            }
            pullNanos.add(reply.nanos());
            pagesRead.incrementAndGet();
            if (!reply.ok()) {
                error(reply.status() >= 500 ? "status_5xx" : "status_" + reply.status(), "pull of puller " + p.index + ": "
                        + reply.status() + " " + abbreviate(reply.body()));
                Thread.sleep(o.pollMs);
                continue;
            }
            JsonObject page = JsonParser.parseString(reply.body()).getAsJsonObject();
            if (page.has("reset") && page.get("reset").getAsBoolean()) {
                faults[2]++;
            }
            scope = page.get("scope").getAsString();
            for (JsonElement element : page.getAsJsonArray("changes")) {
                JsonObject change = element.getAsJsonObject();
                long seq = change.get("seq").getAsLong();
                if (!seqs.add(seq)) {
                    faults[0]++;
                } else if (seq <= lastSeq) {
                    faults[1]++;
                }
                lastSeq = Math.max(lastSeq, seq);
                changesRead.incrementAndGet();
                if (change.has("record")) {
                    JsonObject record = change.getAsJsonObject("record");
                    seen.put(record.get("id").getAsString(), record.get("version").getAsInt());
                } else {
                    seen.remove(change.getAsJsonObject("removed").get("id").getAsString());
                }
            }
            cursor = Long.parseLong(page.get("nextCursor").getAsString());
            if (!page.get("hasMore").getAsBoolean()) {
                if (finalPass) {
                    return faults;
                }
                if (!stillPushing) {
                    finalPass = true;
                } else if (o.pollMs > 0) {
                    Thread.sleep(o.pollMs / 2 + random.nextInt(o.pollMs));
                }
            }
        }
    }

    /** The whole feed of a puller's scope, read at rest from the first node. */
    private void readWholeFeed(Actor p, Map<String, Integer> into) throws Exception {
        long cursor = 0;
        // the scope key the feed answered is sent back with the cursor: a cursor without it is
        // answered with a reset from 0 (the protocol's guard against a scope that changed), which
        // read in a loop never ended
        String scope = "";
        for (int pages = 0; ; pages++) {
            if (pages > 100_000) {
                throw new IllegalStateException("the feed did not end after " + pages + " pages");
            }
            String body = setupCall(0, http.request(0, "api/sync/changes?since=" + cursor + "&limit=500"
                    + (scope.isEmpty() ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)), p.token).GET().build(), 200);
            JsonObject page = JsonParser.parseString(body).getAsJsonObject();
            scope = page.get("scope").getAsString();
            for (JsonElement element : page.getAsJsonArray("changes")) {
                JsonObject change = element.getAsJsonObject();
                if (change.has("record")) {
                    JsonObject record = change.getAsJsonObject("record");
                    into.put(record.get("id").getAsString(), record.get("version").getAsInt());
                }
            }
            cursor = Long.parseLong(page.get("nextCursor").getAsString());
            if (!page.get("hasMore").getAsBoolean()) {
                return;
            }
        }
    }

    /** What the push answers (and the setup) say the server holds in a scope: id → version. */
    private Map<String, Integer> expected(int county) {
        Map<String, Integer> expected = new HashMap<>();
        ledger.forEach((id, known) -> {
            if (county < 0 || known.county == county) {
                expected.put(id, known.version);
            }
        });
        return expected;
    }

    // ------------------------------------------------------------------ the rest

    private void runMidrun(long start, long plannedPushes) {
        try {
            while (pushesDone.get() < plannedPushes / 2 && pushing.get()) {
                Thread.sleep(50);
            }
            double at = (System.nanoTime() - start) / 1e9;
            long pushed = pushesDone.get();
            midrun = "at %.1f s (after %d pushes): %s".formatted(at, pushed, shell(o.midrun));
            System.err.println("midrun: " + midrun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a shell command to its end; says how long it took, its exit status and its output. */
    private static String shell(String command) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int exit = process.waitFor();
            return "'%s' took %.1f s, exit %d%s".formatted(command, (System.nanoTime() - t0) / 1e9, exit,
                    output.isEmpty() ? "" : ": " + abbreviate(output));
        } catch (IOException e) {
            return "'" + command + "' could not run: " + e.getMessage();
        }
    }

    private void error(String kind, String sample) {
        errorsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (errorSamples.size() < 50) {
            errorSamples.add(kind + ": " + sample);
        }
    }

    private static String str(JsonObject o, String field) {
        return JsonFields.text(o, field);
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static long[] sorted(ConcurrentLinkedQueue<Long> samples) {
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** The width of the push latency's windows over the run: where in the run a tail comes from (a cold start, a stall). */
    private static final int WINDOW_SECONDS = 10;

    /** "0–10 s: n 412 p50 … p99 …; 10–20 s: …", from the pushes answered in each window of the run. */
    private String windows() {
        Map<Long, List<Long>> byWindow = new TreeMap<>();
        for (long[] t : pushTimeline) {
            byWindow.computeIfAbsent(t[0] / TimeUnit.SECONDS.toNanos(WINDOW_SECONDS), k -> new ArrayList<>()).add(t[1]);
        }
        List<String> parts = new ArrayList<>();
        byWindow.forEach((w, nanos) -> {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            parts.add("%d–%d s: n %d p50 %.0f p99 %.0f".formatted(w * WINDOW_SECONDS, (w + 1) * WINDOW_SECONDS, sorted.length,
                    at(sorted, 50), at(sorted, 99)));
        });
        return String.join("; ", parts);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double at(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6);
    }

    private static JsonObject percentiles(long[] sorted) {
        JsonObject p = new JsonObject();
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("p50", at(sorted, 50));
        values.put("p95", at(sorted, 95));
        values.put("p99", at(sorted, 99));
        values.put("max", at(sorted, 100));
        values.forEach(p::addProperty);
        return p;
    }

    private static String line(long[] sorted) {
        return "p50 %.0f  p95 %.0f  p99 %.0f  max %.0f".formatted(at(sorted, 50), at(sorted, 95), at(sorted, 99), at(sorted, 100));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
