package cn.fieldsync.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The release this code was built as: the Maven project version of the root {@code pom.xml}
 * (the one place it is written), and the git commit when the build had a repository. Both are
 * filtered into {@code cn/fieldsync/build.properties} by Maven; the server's {@code GET /version},
 * its OpenAPI document and the device's {@code fieldsync --version} all read them here.
 * Immutable, thread-safe.
 */
public final class BuildInfo {

    private static final BuildInfo CURRENT = load();

    private final String version;
    private final String commit;

    private BuildInfo(String version, String commit) {
        this.version = version;
        this.commit = commit;
    }

    public static BuildInfo current() {
        return CURRENT;
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} in a class-path run without Maven's filtering. */
    public String version() {
        return version;
    }

    /** The abbreviated git commit the build was made from, when it was made in a repository. */
    public Optional<String> commit() {
        return Optional.ofNullable(commit);
    }

    /** {@code 0.1.0-SNAPSHOT (3f2a9c1)} or just the version. */
    public String describe() {
        return commit == null ? version : version + " (" + commit + ")";
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/cn/fieldsync/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(known(p.getProperty("version")).orElse("unknown"), known(p.getProperty("commit")).orElse(null));
    }

    /** An unfiltered placeholder (no git, or an IDE build) is not a value. */
    private static Optional<String> known(String value) {
        return value == null || value.trim().isEmpty() || value.contains("${") ? Optional.empty() : Optional.of(value.trim());
    }
}
