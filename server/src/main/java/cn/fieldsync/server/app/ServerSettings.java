package cn.fieldsync.server.app;

import java.time.Duration;

import cn.fieldsync.server.casefile.CaseNumbers;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.persistence.Numbering;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The server's settings, read from MicroProfile Config (so each can be given as a -D system
 * property, an environment variable or in microprofile-config.properties) and checked at start.
 *
 * <ul>
 *   <li>{@code fieldsync.data-dir} (default {@code ./data}): the SQLite file and, later, attachments</li>
 *   <li>{@code fieldsync.db.url}, {@code .user}, {@code .password}, {@code .schema}, {@code .pool-size}:
 *       a PostgreSQL database instead of the embedded SQLite file</li>
 *   <li>{@code fieldsync.zone} (default {@code Asia/Shanghai}): the zone deadlines are counted in</li>
 *   <li>{@code fieldsync.demo-data} (default false): seed demo records into an empty database</li>
 *   <li>{@code fieldsync.attachments.max-bytes} (default 100 MB): the largest attachment accepted</li>
 *   <li>{@code fieldsync.auth.token-ttl} (default PT1H) and {@code fieldsync.auth.refresh-ttl} (default P30D):
 *       how long an access token and a refresh token live (ISO-8601 durations)</li>
 *   <li>{@code fieldsync.case.number-pattern} (default 栖纪案〔{year}〕{seq}号; on a server of several
 *       counties each county's own, {@code fieldsync.case.county.<code>.number-pattern}: {@link CaseNumbers}) and
 *       {@code fieldsync.case.window-months} (default 12): case numbers, and how far before the
 *       event the evidence engine looks</li>
 *   <li>{@code fieldsync.shutdown.grace-period} (default PT30S): checked here; read by
 *       {@code observe.GracefulShutdown} when the server stops</li>
 *   <li>{@code fieldsync.admin-password} (environment FIELDSYNC_ADMIN_PASSWORD): the first start's
 *       password of the user admin; without it one is generated and printed once</li>
 * </ul>
 */
public record ServerSettings(Path dataDir, DatabaseSettings database, ZoneId zone, boolean demoData,
                             long attachmentMaxBytes, Duration tokenTtl, Duration refreshTtl,
                             CaseNumbers caseNumbers, int caseWindowMonths) {

    public static final long DEFAULT_ATTACHMENT_MAX_BYTES = 100L * 1024 * 1024;

    public static ServerSettings from(Config config) {
        Path dataDir = Path.of(config.getOptionalValue("fieldsync.data-dir", String.class).orElse("./data"));
        String url = config.getOptionalValue("fieldsync.db.url", String.class).orElse("");
        DatabaseSettings database;
        // fieldsync.db.pool-size counts for the embedded SQLite file too (README, "Settings")
        if (url.isBlank()) {
            DatabaseSettings embedded = DatabaseSettings.sqliteIn(dataDir);
            database = new DatabaseSettings(embedded.url(), "", "", "",
                    config.getOptionalValue("fieldsync.db.pool-size", Integer.class).orElse(embedded.poolSize()));
        } else {
            database = new DatabaseSettings(url,
                    config.getOptionalValue("fieldsync.db.user", String.class).orElse(""),
                    config.getOptionalValue("fieldsync.db.password", String.class).orElse(""),
                    config.getOptionalValue("fieldsync.db.schema", String.class).orElse(""),
                    config.getOptionalValue("fieldsync.db.pool-size", Integer.class).orElse(url.startsWith("jdbc:sqlite:") ? 4 : 10),
                    config.getOptionalValue("fieldsync.db.queue-writers", Boolean.class).orElse(true));
        }
        String zoneName = config.getOptionalValue("fieldsync.zone", String.class).orElse("Asia/Shanghai");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("fieldsync.zone is not a time zone: " + zoneName, e);
        }
        boolean demo = config.getOptionalValue("fieldsync.demo-data", Boolean.class).orElse(false);
        long maxBytes = config.getOptionalValue("fieldsync.attachments.max-bytes", Long.class).orElse(DEFAULT_ATTACHMENT_MAX_BYTES);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fieldsync.attachments.max-bytes must be positive, got: " + maxBytes);
        }
        Duration tokenTtl = duration(config, "fieldsync.auth.token-ttl", "PT1H");
        Duration refreshTtl = duration(config, "fieldsync.auth.refresh-ttl", "P30D");
        String pattern = config.getOptionalValue("fieldsync.case.number-pattern", String.class).orElse("栖纪案〔{year}〕{seq}号");
        Numbering.checkedPattern("fieldsync.case.number-pattern", pattern);
        int window = config.getOptionalValue("fieldsync.case.window-months", Integer.class).orElse(12);
        if (window < 1 || window > 120) {
            throw new IllegalArgumentException("fieldsync.case.window-months is 1 to 120, got: " + window);
        }
        // read only when the server stops (observe/GracefulShutdown): checked here, or the stop itself would fail
        String grace = config.getOptionalValue("fieldsync.shutdown.grace-period", String.class).orElse("PT30S");
        if (parsed("fieldsync.shutdown.grace-period", grace).isNegative()) {
            throw new IllegalArgumentException("fieldsync.shutdown.grace-period must not be negative, got: " + grace);
        }
        CaseNumbers numbers = CaseNumbers.from(pattern, key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
        return new ServerSettings(dataDir, database, zone, demo, maxBytes, tokenTtl, refreshTtl, numbers, window);
    }

    /**
     * A positive ISO-8601 duration setting, or {@code fallback}.
     *
     * @throws IllegalArgumentException naming the setting when it is malformed, zero or negative
     */
    static Duration duration(Config config, String key, String fallback) {
        String text = config.getOptionalValue(key, String.class).orElse(fallback);
        Duration d = parsed(key, text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got: " + text);
        }
        return d;
    }

    private static Duration parsed(String key, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 duration such as PT1H or P30D: " + text, e);
        }
    }
}
