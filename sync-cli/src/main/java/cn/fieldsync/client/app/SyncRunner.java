package cn.fieldsync.client.app;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs sync rounds one at a time on a background thread and keeps what the page shows: the
 * phase and progress of the round under way, and how the last one ended. A round asked for while
 * one runs is not queued twice: the page asks again (on reconnecting, and every few minutes).
 * Nothing is lost when the process dies mid-round: the store's outbox is durable, and the next
 * round sends again what the server has not answered (pushes are idempotent by opId).
 */
final class SyncRunner implements AutoCloseable {

    /** How often the app process itself tries while work waits on this device. */
    static final Duration RETRY_EVERY = Duration.ofMinutes(2);

    /** What a round needs of the device store (the app's {@link DeviceStore}; a test's own). */
    interface Device {
        /** Enrolled, with changes not yet answered by the server. */
        boolean workWaits();

        SyncReport sync(SyncListener listener);
    }

    /** Calls {@code tick} every {@code interval} until closed (a scheduled thread; a test's hand-driven clock). */
    interface Ticker {
        AutoCloseable every(Duration interval, Runnable tick);
    }

    private final Device store;
    private final Executor thread;
    private final AutoCloseable retry;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private boolean running;
    private String phase = "";
    private long done;
    private long total;
    private JsonObject last;

    SyncRunner(DeviceStore store) {
        this.store = new Device() {
            @Override
            public boolean workWaits() {
                return store.enrolled() && store.status().pendingOperations() > 0;
            }

            @Override
            public SyncReport sync(SyncListener listener) {
                return store.sync(listener);
            }
        };
        ExecutorService rounds = Executors.newSingleThreadExecutor(daemon("fieldsync-app-sync"));
        owned.add(rounds::shutdownNow);
        this.thread = rounds;
        this.retry = scheduled(RETRY_EVERY, this::retryIfWaiting);
    }

    /**
     * With the rounds run on {@code rounds} and the app process's own retry driven by {@code ticker}
     * every {@code every}: with no page open (the phone locked, the browser closed) and no online
     * event (the server, not the network, was away), work waiting on this device still goes once
     * the server answers again.
     */
    SyncRunner(Device store, Executor rounds, Ticker ticker, Duration every) {
        this.store = store;
        this.thread = rounds;
        this.retry = ticker.every(every, this::retryIfWaiting);
    }

    private AutoCloseable scheduled(Duration every, Runnable tick) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("fieldsync-app-retry"));
        timer.scheduleWithFixedDelay(tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void retryIfWaiting() {
        try {
            if (store.workWaits()) {
                start();
            }
        } catch (RuntimeException e) {
            // the store is busy or closing: the next tick tries again
        }
    }

    /** Starts a round unless one runs; answers the state either way. */
    synchronized JsonObject start() {
        if (!running) {
            running = true;
            phase = "PUSH";
            done = 0;
            total = 0;
            thread.execute(this::round);
        }
        return state();
    }

    private void round() {
        JsonObject outcome = new JsonObject();
        try {
            SyncReport report = store.sync(this::progress);
            outcome.addProperty("ok", true);
            outcome.addProperty("pushed", report.pushed());
            outcome.addProperty("pulled", report.pulled());
            outcome.addProperty("conflicts", report.conflicts());
            outcome.addProperty("rejected", report.rejected());
            outcome.addProperty("waiting", report.waiting());
            outcome.addProperty("attention", report.attention());
            outcome.addProperty("uploaded", report.uploaded());
            outcome.addProperty("message", report.inWords());
        } catch (FieldsyncException e) {
            outcome.addProperty("ok", false);
            boolean loginAgain = "unauthenticated".equals(e.code()) || "token_expired".equals(e.code());
            outcome.addProperty("login", loginAgain);
            outcome.addProperty("offline", e.retriable());
            outcome.addProperty("message", loginAgain ? "与服务器的登录已过期，请重新输入密码；本设备上的记录都还在"
                    : e.retriable() ? "暂时连不上服务器，记录都保存在本设备上，网络恢复后自动同步"
                    : "device_revoked".equals(e.code()) ? "本设备已被管理员停用，请联系管理员；本设备上的记录都还在"
                    : "同步未完成：" + RecordViews.said(e));
        } catch (RuntimeException e) {
            outcome.addProperty("ok", false);
            outcome.addProperty("message", "同步未完成：" + e.getMessage());
        }
        outcome.addProperty("at", Instant.now().toString());
        synchronized (this) {
            last = outcome;
            running = false;
        }
    }

    private synchronized void progress(SyncListener.Phase phase, long done, long total) {
        this.phase = phase.name();
        this.done = done;
        this.total = total;
    }

    synchronized JsonObject state() {
        JsonObject state = new JsonObject();
        state.addProperty("running", running);
        state.addProperty("phase", phase);
        state.addProperty("done", done);
        state.addProperty("total", total);
        if (last != null) {
            state.add("last", last);
        }
        return state;
    }

    @Override
    public void close() {
        try {
            retry.close();
            for (AutoCloseable c : owned) {
                c.close();
            }
        } catch (Exception e) {
            // stopping timers and threads: nothing is left to save
        }
    }
}
