package cn.fieldsync.client.app;

import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app process's own retry (issue 15: "it also runs by itself when the network comes back"):
 * while work waits on the device, a round is tried every 2 minutes with or without a page open.
 * Driven by hand: the ticks and the round's thread are this test's, so nothing waits on a clock.
 */
class SyncRunnerTest {

    /** The retry's clock, ticked by the test. */
    private static final class HandTicker implements SyncRunner.Ticker {
        Duration interval;
        Runnable tick;
        boolean stopped;

        @Override
        public AutoCloseable every(Duration interval, Runnable tick) {
            this.interval = interval;
            this.tick = tick;
            return () -> stopped = true;
        }
    }

    /** The round's thread: rounds queue here until the test runs them. */
    private static final class HandThread implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable round) {
            queued.add(round);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    /** A device whose waiting work and server the test decides. */
    private static final class Device implements SyncRunner.Device {
        boolean waits;
        boolean serverAway;
        int rounds;

        @Override
        public boolean workWaits() {
            return waits;
        }

        @Override
        public SyncReport sync(SyncListener listener) {
            rounds++;
            if (serverAway) {
                throw new FieldsyncException("cannot reach the server", true, null);
            }
            waits = false;
            return new SyncReport(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void theAppRetriesEveryTwoMinutesWhileWorkWaitsAndOnlyThen() {
        HandTicker ticker = new HandTicker();
        HandThread thread = new HandThread();
        Device device = new Device();
        try (SyncRunner runner = new SyncRunner(device, thread, ticker, SyncRunner.RETRY_EVERY)) {
            assertThat(ticker.interval).isEqualTo(Duration.ofMinutes(2));

            // nothing waits: a tick starts no round
            ticker.tick.run();
            thread.runAll();
            assertThat(device.rounds).isZero();
            assertThat(runner.state().has("last")).isFalse();

            // work waits and the server is away: each tick tries once; the page is told, in words, that nothing is lost
            device.waits = true;
            device.serverAway = true;
            ticker.tick.run();
            thread.runAll();
            assertThat(device.rounds).isEqualTo(1);
            assertThat(runner.state().getAsJsonObject("last").get("ok").getAsBoolean()).isFalse();
            assertThat(runner.state().getAsJsonObject("last").get("message").getAsString()).contains("网络恢复后自动同步");

            // the server is back: the next tick sends the work, and after that the ticks are quiet again
            device.serverAway = false;
            ticker.tick.run();
            thread.runAll();
            assertThat(device.rounds).isEqualTo(2);
            assertThat(runner.state().getAsJsonObject("last").get("ok").getAsBoolean()).isTrue();
            ticker.tick.run();
            thread.runAll();
            assertThat(device.rounds).isEqualTo(2);
        }
        assertThat(ticker.stopped).isTrue();
    }

    @Test
    void aTickDuringARoundStartsNoSecondOne() {
        HandTicker ticker = new HandTicker();
        HandThread thread = new HandThread();
        Device device = new Device();
        device.waits = true;
        try (SyncRunner runner = new SyncRunner(device, thread, ticker, SyncRunner.RETRY_EVERY)) {
            ticker.tick.run();
            assertThat(runner.state().get("running").getAsBoolean()).isTrue();
            ticker.tick.run();
            runner.start(); // the page's button meanwhile
            assertThat(thread.queued).hasSize(1);
            thread.runAll();
            assertThat(device.rounds).isEqualTo(1);
            assertThat(runner.state().get("running").getAsBoolean()).isFalse();
        }
    }
}
