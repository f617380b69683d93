package cn.fieldsync.client.cli;

import cn.fieldsync.client.FieldStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a usage error exits 64 (sysexits.h EX_USAGE) on every subcommand, never 1 (refused
 * input) — so a script tells a mistyped command from a refused record — and is said before any
 * store is opened or made.
 */
class UsageExitStatusCliTest {

    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FieldsyncCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> subcommands() {
        List<String> names = new ArrayList<>(FieldsyncCli.commandLine().getSubcommands().keySet());
        names.remove("help"); // fieldsync help --anything shows the help
        return names;
    }

    @Test
    void everySubcommandAnswersAnUnknownOptionWith64AndHelpWith0() {
        assertThat(subcommands()).contains("init", "new", "edit", "seal", "list", "attach", "sync", "status", "app");
        for (String command : subcommands()) {
            Run unknown = run(command, "--no-such-option");
            assertThat(unknown.exit()).as(command + " --no-such-option: " + unknown.err()).isEqualTo(FieldsyncCli.USAGE);
            assertThat(unknown.err()).as(command).isNotBlank().doesNotContain("Exception");
            assertThat(run(command, "--help").exit()).as(command + " --help").isZero();
        }
        assertThat(run("no-such-command").exit()).isEqualTo(FieldsyncCli.USAGE);
    }

    /** A tester's findings: `fieldsync help` was unknown, the list of commands was headed "Commands:", parameters had no words. */
    @Test
    void helpIsACommandAndEveryParameterAndOptionIsDescribedInChinese() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(FieldsyncCli.run(new String[] {"help", "edit"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("用法 (usage): fieldsync edit").contains("记录编号").contains("要改的字段和新值");
        CommandLine cli = FieldsyncCli.commandLine();
        assertThat(cli.getUsageMessage()).contains("命令 (commands):").doesNotContain("Commands:").doesNotContain("Display help");
        for (CommandLine sub : cli.getSubcommands().values()) {
            for (CommandLine.Model.ArgSpec arg : sub.getCommandSpec().args()) {
                String words = String.join("", arg.description());
                assertThat(words).as(sub.getCommandName() + " " + arg).isNotBlank();
                assertThat(words.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                        .as(sub.getCommandName() + " " + arg + ": " + words).isTrue();
            }
        }
    }

    @Test
    void wrongArgumentsOfEditSealListNewAndAttachAreUsageErrorsSaidBeforeAnyStoreIsOpened() {
        Path store = dir.resolve("never-made");
        String id = "0190a1b2-0000-7000-8000-00000000c001";
        String[][] usageErrors = {
                {"edit", id, "status", "--store", store.toString()},
                {"edit", "--store", store.toString()},
                {"seal", id, "--store", store.toString()},
                {"seal", id, "--refused", "--signer-name", "赵某", "--signer-position", "矿长", "--store", store.toString()},
                {"list", "hazards", "--store", store.toString()},
                {"new", "danger", "--file", "x.json", "--store", store.toString()},
                {"attach", id, "photo.jpg", "--captured-at", "yesterday", "--store", store.toString()},
                {"attach", id, "photo.jpg", "--lat", "37.3", "--store", store.toString()},
        };
        for (String[] args : usageErrors) {
            Run refused = run(args);
            assertThat(refused.exit()).as(String.join(" ", args) + ": " + refused.err()).isEqualTo(FieldsyncCli.USAGE);
            assertThat(refused.err()).as(String.join(" ", args)).contains("用法 (usage):").doesNotContain("Exception");
        }
        assertThat(run("edit", id, "status", "--store", store.toString()).err()).contains("应写成 字段=值");
        // picocli's own refusals are said in Chinese first, naming what is missing or not understood
        assertThat(run("init", "--store", store.toString()).err())
                .contains("fieldsync: 缺少必填的选项或参数：--server、--device-name、--user");
        assertThat(run("list", "--store", store.toString()).err()).contains("fieldsync: 缺少必填的选项或参数：TYPE");
        assertThat(run("status", "--colour", "--store", store.toString()).err()).contains("fieldsync: 不认识的命令、选项或参数：--colour；用法见下");
        // the option and the value are named, and what it should be (a tester's finding: 选项或参数的值不对 named neither)
        assertThat(run("attach", id, "photo.jpg", "--accuracy", "近", "--store", store.toString()).err())
                .contains("fieldsync: 选项 --accuracy 的值“近”不对，应为数字");
        // every missing parameter is named, not the first only
        assertThat(run("edit", "--store", store.toString()).err()).contains("fieldsync: 缺少必填的选项或参数：ID、FIELD=VALUE");
        // an unknown command gets suggestions, not the usage: the line says where the usage is
        assertThat(run("bogus").err()).contains("fieldsync: 不认识的命令、选项或参数：bogus；运行 fieldsync --help 查看全部命令");
        assertThat(run("help", "bogus").err()).contains("fieldsync: 没有这个命令：bogus；全部命令见下").contains("命令 (commands):");
        assertThat(run("list", "hazards", "--store", store.toString()).err()).contains("没有这种记录类型：hazards");
        assertThat(store).as("no store made or opened for a usage error").doesNotExist();
    }

    /**
     * A tester's findings: picocli's English lines ("Did you mean", "Missing required subcommand") reached the
     * inspector; an option without its value was called missing; a command's own refusals lacked the
     * "fieldsync:" every other one has; help took words after the command and ignored them.
     */
    @Test
    void everyUsageErrorIsOneChineseLineStartingWithFieldsyncAndNoEnglishOfPicocli() {
        Path store = dir.resolve("never-made");
        String id = "0190a1b2-0000-7000-8000-00000000c001";
        String[][] usageErrors = {{}, {"syncc"}, {"edti", id}, {"status", "--stroe", "x"}, {"edit", "--store"},
                {"edit", id, "status", "--store", store.toString()}, {"list", "foo", "--store", store.toString()},
                {"help", "edit", "extra"}, {"help", "bogus"}};
        for (String[] args : usageErrors) {
            Run refused = run(args);
            String what = "fieldsync " + String.join(" ", args) + ": " + refused.err();
            assertThat(refused.exit()).as(what).isEqualTo(FieldsyncCli.USAGE);
            assertThat(refused.err()).as(what).startsWith("fieldsync: ").doesNotContain("Did you mean").doesNotContain("Missing required")
                    .doesNotContain("Unmatched argument").doesNotContain("Unknown");
        }
        assertThat(run().err()).contains("请给出要做的事（命令），例如 fieldsync sync").contains("命令 (commands):");
        assertThat(run("syncc").err()).contains("是不是要输入：fieldsync sync？");
        assertThat(run("status", "--stroe", "x").err()).contains("是不是要输入：fieldsync status --store？").contains("用法 (usage): fieldsync status");
        assertThat(run("edit", "--store").err()).contains("fieldsync: 选项 --store 后面缺少它的值");
        assertThat(run("help", "edit", "extra").err()).contains("fieldsync: 不认识的命令、选项或参数：extra");
        // words picocli let pass beside a request for help or the version (a tester's finding: these ended 0)
        for (String[] args : new String[][] {{"help", "--bogus"}, {"--help", "extra"}, {"-V", "extra"}, {"sync", "--help", "extra"}}) {
            Run refused = run(args);
            assertThat(refused.exit()).as(String.join(" ", args)).isEqualTo(FieldsyncCli.USAGE);
            assertThat(refused.err()).as(String.join(" ", args)).contains("fieldsync: 不认识的命令、选项或参数：");
        }
        assertThat(run("--version").exit()).isZero();
        assertThat(run("help", "sync").exit()).isZero();
    }

    @Test
    void aWellFormedCommandOnAMissingRecordIsRefusedInputNotUsage() {
        Path store = dir.resolve("store");
        FieldStore.open(store).close();
        Run missing = run("edit", "0190a1b2-0000-7000-8000-00000000c001", "status=RECTIFIED", "--store", store.toString());
        assertThat(missing.exit()).as(missing.err()).isEqualTo(FieldsyncCli.USER_ERROR);
    }

    /** A tester's finding: deleting a draft unit said 同步后发送, though it is discarded and nothing is sent. */
    @Test
    void deletingADraftUnitSaysItIsDiscardedAndKeptNotSent() {
        Path store = dir.resolve("store");
        String unit;
        try (FieldStore opened = FieldStore.open(store)) {
            unit = opened.create(cn.fieldsync.schemas.RecordType.UNIT, "{\"name\":\"录重的单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = FieldsyncCli.run(new String[] {"delete", unit, "--store", store.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("已撤回尚未同步的草稿 " + unit).contains("不会发送").doesNotContain("同步后发送");
        try (FieldStore opened = FieldStore.open(store)) {
            assertThat(opened.withdrawn()).singleElement().satisfies(w -> assertThat(w.get("recordId").getAsString()).isEqualTo(unit));
        }
    }

    @Test
    void theStoreFilesAreNamedByTheDeviceLibrary() {
        Path store = dir.resolve("store");
        assertThat(FieldStore.exists(store)).isFalse();
        FieldStore.open(store).close();
        assertThat(FieldStore.exists(store)).isTrue();
        assertThat(store.resolve(FieldStore.DATABASE_FILE)).isRegularFile();
        assertThat(FieldStore.fileNames()).contains(FieldStore.DATABASE_FILE, FieldStore.DEVICE_KEY_FILE);
    }
}
