package cn.fieldsync.server.identity;

import java.time.Duration;

/**
 * How much guessing the login throttle allows within a sliding window (see {@link LoginThrottle}).
 *
 * @param perUser    wrong passwords for one user name, from any address (default 5)
 * @param perAddress wrong passwords from one address over all user names (default 100): then users who
 *                   never logged in from that address are refused there
 * @param window     how long a failure counts (default 15 minutes)
 */
public record ThrottleLimits(int perUser, int perAddress, Duration window) {

    public static final ThrottleLimits DEFAULT = new ThrottleLimits(5, 100, Duration.ofMinutes(15));

    public ThrottleLimits {
        if (perUser < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("throttle limits are at least 1, and the window longer than 0: "
                    + perUser + ", " + perAddress + ", " + window);
        }
    }
}
