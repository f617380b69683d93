package cn.fieldsync.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The device's command line as a user runs it: {@code ops/fieldsync ...} (the jar with its JVM flags) in its own process. */
public final class Cli {

    public static final Path JAR = Path.of("..", "sync-cli", "target", "fieldsync.jar");
    /** The JVM flags ops/fieldsync gives the jar (a java argument file), so a test runs it as a user does. */
    public static final Path JVM_OPTIONS = Path.of("..", "ops", "client-jvm.options");

    private Cli() {
    }

    /** Starts the command; its output (both streams) goes to a file under target/. */
    public static Process start(String... args) throws IOException {
        return builder(Map.of(), args).start();
    }

    /** Starts the command with its output (both streams) going to {@code log}, for a test that reads what it prints. */
    public static Process start(Path log, String... args) throws IOException {
        return builder(Map.of(), args).redirectOutput(log.toFile()).start();
    }

    /** Runs the command to its end and answers its exit code and output. */
    public static Result run(Map<String, String> environment, String... args) throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "cli", ".log");
        Process process = builder(environment, args).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fieldsync " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    public static Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    /** {@code fieldsync new TYPE --file F} with this JSON; answers the new record's id (the last line printed). */
    public static String newRecord(Path store, String type, String json) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), type, ".json");
        Files.writeString(file, json);
        Result created = run("new", type, "--file", file.toString(), "--store", store.toString());
        if (created.exitCode() != 0) {
            throw new AssertionError("fieldsync new " + type + " failed: " + created.output());
        }
        return created.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    }

    private static ProcessBuilder builder(Map<String, String> environment, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new AssertionError("build the client jar first (mvn verify from the project root builds it): " + JAR);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + JVM_OPTIONS, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(Path.of("target"), "cli", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("FIELDSYNC_PASSWORD");
        builder.environment().putAll(environment);
        return builder;
    }

    public record Result(int exitCode, String output) {
    }
}
