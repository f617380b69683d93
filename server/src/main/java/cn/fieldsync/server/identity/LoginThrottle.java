package cn.fieldsync.server.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted per user name and per address over a sliding window: past the limit,
 * further attempts are refused without checking the password, so guessing costs the guesser
 * time rather than the server CPU. Kept in memory: one server node serves a county (DESIGN.md,
 * Scale); a restart forgets the counts, which costs an attacker a restart they cannot cause.
 */
final class LoginThrottle {

    static final int PER_USER = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
    long waitSeconds(String username, String address) {
        return Math.max(wait("user:" + username, PER_USER), wait("addr:" + address, PER_ADDRESS));
    }

    void failed(String username, String address) {
        long now = clock.millis();
        for (String key : new String[]{"user:" + username, "addr:" + address}) {
            Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
                while (times.size() > PER_ADDRESS) {
                    times.removeFirst();
                }
            }
        }
    }

    void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private long wait(String key, int limit) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
                times.removeFirst();
            }
            if (times.size() < limit) {
                return 0;
            }
            // the oldest failure that still counts leaves the window then
            long oldestCounted = times.stream().skip(times.size() - limit).findFirst().orElse(now);
            return Math.max(1, (oldestCounted + WINDOW.toMillis() - now + 999) / 1000);
        }
    }
}
