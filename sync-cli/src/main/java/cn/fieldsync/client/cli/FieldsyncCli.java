package cn.fieldsync.client.cli;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.FieldsyncException;
import cn.fieldsync.client.Labels;
import cn.fieldsync.client.InputRefusedException;
import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.client.ServerUnreachableException;
import cn.fieldsync.client.SessionEndedException;
import cn.fieldsync.client.StoreException;
import cn.fieldsync.client.SyncCancelledException;
import cn.fieldsync.client.LocalConflict;
import cn.fieldsync.client.LocalRecord;
import cn.fieldsync.client.MediaTypes;
import cn.fieldsync.client.StoreStatus;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.SyncReport;
import cn.fieldsync.client.bundle.BundleVerifier;
import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code java -jar fieldsync.jar COMMAND ...}: the device's command line. */
@Command(name = "fieldsync", mixinStandardHelpOptions = true, versionProvider = FieldsyncCli.Version.class,
        // the words picocli itself writes (the standard options, the usage heading), in Chinese; inherited by every subcommand
        resourceBundle = "cn.fieldsync.client.cli.HelpWords",
        exitCodeListHeading = "%n退出状态 (exit status):%n",
        exitCodeList = {"0:完成 (done)",
                "1:输入或存储状态被拒绝 (the input was refused: invalid record, unknown id, no store)",
                "2:无法连接服务器，记录都已保留 (the server cannot be reached; nothing lost, sync again)",
                "3:证据包未通过校验 (a bundle did not verify)",
                "4:同步完成，但有记录需要处理 (synced, and records need your attention: fieldsync attention)",
                "5:服务器拒绝 (the server refused: revoked device, forbidden, client too old)",
                "6:登录已结束，请 fieldsync login (the session ended: log in again)",
                "7:设备存储被占用或已损坏 (the store is busy or damaged)",
                "64:命令用法错误 (usage: unknown command or option, missing argument)"},
        description = "离线记录现场检查、事故隐患、责任书，并与服务器同步 (offline field records and their sync with the server).",
        subcommands = {FieldsyncCli.Help.class, FieldsyncCli.Init.class, FieldsyncCli.Login.class, FieldsyncCli.New.class, FieldsyncCli.Edit.class, FieldsyncCli.Delete.class, FieldsyncCli.Attach.class, FieldsyncCli.Seal.class, FieldsyncCli.VerifyBundle.class,
                FieldsyncCli.Show.class, FieldsyncCli.ListRecords.class, FieldsyncCli.Sync.class, FieldsyncCli.Status.class,
                FieldsyncCli.Conflicts.class, FieldsyncCli.AttentionList.class, FieldsyncCli.Resend.class,
                FieldsyncCli.Withdraw.class, cn.fieldsync.client.app.AppCommand.class})
public final class FieldsyncCli {

    /*
     * Exit statuses, chosen by the exception's type (never by its message text); the same table is in
     * the help (exitCodeList above) and in README.md.
     */
    static final int USER_ERROR = 1;
    static final int SERVER_UNREACHABLE = 2;
    static final int BUNDLE_NOT_VERIFIED = 3;
    static final int NEEDS_ATTENTION = 4;
    static final int SERVER_REFUSED = 5;
    static final int SESSION_ENDED = 6;
    static final int STORE_UNAVAILABLE = 7;
    /** sysexits.h EX_USAGE: a mistyped command, an unknown option, a missing argument. */
    static final int USAGE = 64;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            // the inspector's words only: picocli's own line ("Missing required subcommand", "Did you mean") is English
            PrintWriter to = e.getCommandLine().getErr();
            to.println("fieldsync: " + RecordWords.safe(usageFault(e)));
            List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched ? unmatched.getSuggestions() : List.of();
            if (!suggestions.isEmpty()) {
                String prefix = e.getCommandLine().getCommandSpec().qualifiedName(" ") + " ";
                to.println("是不是要输入：" + suggestions.stream().map(word -> prefix + word)
                        .collect(java.util.stream.Collectors.joining(" 或 ")) + "？");
            }
            // an unknown command is told where the list of commands is (usageFault), not shown all of them
            boolean unknownCommand = e instanceof CommandLine.UnmatchedArgumentException && e.getCommandLine().getParent() == null;
            if (!unknownCommand) {
                e.getCommandLine().usage(to);
            }
            to.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof FieldsyncException f) {
                // what the user typed may be in it: shown as the record texts are, never as terminal controls
                err.println("fieldsync: " + RecordWords.safe(f.getMessage().lines().findFirst().orElse("")));
                return exitStatus(f);
            }
            err.println("fieldsync: 意外错误，记录都还在本设备上；请把这一行告诉管理员 (unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return USER_ERROR;
        });
        cli.setExecutionStrategy(parseResult -> {
            refuseUnmatched(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }

    /**
     * picocli lets words it did not understand pass when help or the version was asked for ({@code help --bogus},
     * {@code --help extra}, {@code -V extra} ended 0, a tester's finding): they are refused as anywhere else, so
     * a script that mistyped a command never reads success.
     */
    private static void refuseUnmatched(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
            }
        }
    }

    /** The command line with its subcommands, every word of its help in Chinese first. */
    static CommandLine commandLine() {
        return new CommandLine(new FieldsyncCli());
    }

    /**
     * A usage error in the inspector's words, said before picocli's own English line: what is missing (the
     * options by name, the parameters by their label) or what was not understood; null when the refusal is a
     * check of the command's own, which says it in Chinese already.
     */
    static String usageFault(CommandLine.ParameterException e) {
        String english = e.getMessage() == null ? "" : e.getMessage();
        if (english.startsWith("Missing required subcommand")) {
            return "请给出要做的事（命令），例如 fieldsync sync；全部命令见下";
        }
        if (e instanceof CommandLine.MissingParameterException missing && english.startsWith("Missing required parameter for option")
                && !missing.getMissing().isEmpty() && missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
            return "选项 " + option.longestName() + " 后面缺少它的值；用法见下";
        }
        if (e instanceof CommandLine.MissingParameterException missing) {
            List<String> names = new java.util.ArrayList<>();
            int firstPositional = Integer.MAX_VALUE;
            for (CommandLine.Model.ArgSpec arg : missing.getMissing()) {
                if (arg instanceof CommandLine.Model.OptionSpec option) {
                    names.add(option.longestName());
                } else if (arg instanceof CommandLine.Model.PositionalParamSpec positional) {
                    firstPositional = Math.min(firstPositional, positional.index().min());
                }
            }
            // picocli names the first missing parameter only; the required ones after it are missing too
            for (CommandLine.Model.PositionalParamSpec positional : missing.getCommandLine().getCommandSpec().positionalParameters()) {
                if (positional.index().min() >= firstPositional && positional.arity().min() > 0) {
                    names.add(positional.paramLabel());
                }
            }
            return "缺少必填的选项或参数：" + String.join("、", names) + "；用法见下";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            // an unknown command gets picocli's suggestions, not the usage: say where the usage is
            String where = unmatched.getCommandLine().getParent() == null ? "；运行 fieldsync --help 查看全部命令"
                    : "；用法见下";
            return "不认识的命令、选项或参数：" + String.join(" ", unmatched.getUnmatched()) + where;
        }
        if (e instanceof CommandLine.OverwrittenOptionException) {
            return "同一个选项给了两次；用法见下";
        }
        if (e instanceof UsageRefused) {
            return english; // a check of this command's own, said in Chinese
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Invalid value")) {
            CommandLine.Model.ArgSpec arg = e.getArgSpec();
            String name = arg instanceof CommandLine.Model.OptionSpec option ? "选项 " + option.longestName()
                    : arg != null ? "参数 " + arg.paramLabel() : "选项或参数";
            Class<?> type = arg == null ? null : arg.type();
            String expected = type == Double.class || type == double.class ? "，应为数字"
                    : type == Integer.class || type == int.class || type == Long.class || type == long.class ? "，应为整数" : "";
            return name + " 的值" + (e.getValue() == null ? "" : "“" + e.getValue() + "”") + "不对" + expected + "；用法见下";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Unknown subcommand")) {
            return "没有这个命令：" + e.getMessage().replaceAll("^Unknown subcommand '(.*)'\\.?$", "$1") + "；全部命令见下";
        }
        return "命令写法不对（" + english + "）；用法见下";
    }

    /**
     * {@code fieldsync help [COMMAND]}: the usage of the command named, or the list of commands.
     * picocli's own help command takes any number of words and shows the first; this one refuses
     * the words after the command as any other command does.
     */
    @Command(name = "help", helpCommand = true, customSynopsis = "fieldsync help [-h] [COMMAND]",
            description = "显示某个命令的用法，如 fieldsync help edit (show a command's usage)")
    static final class Help implements CommandLine.IHelpCommandInitializable2, Runnable {
        // all the words, so the ones after the command are refused here: picocli checks nothing of a help command's
        @Parameters(paramLabel = "COMMAND", arity = "0..*", hideParamSyntax = true, description = "命令名，如 edit (the command)")
        List<String> words = new java.util.ArrayList<>();
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "显示此帮助后退出 (show this help)")
        boolean help;

        private CommandLine self;
        private CommandLine.Help.ColorScheme colors;
        private PrintWriter out;

        @Override
        public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
            this.self = helpCommandLine;
            this.colors = colorScheme;
            this.out = out;
        }

        @Override
        public void run() {
            CommandLine parent = self.getParent();
            if (words.size() > 1) {
                throw new CommandLine.UnmatchedArgumentException(self, words.subList(1, words.size()));
            }
            String command = words.isEmpty() ? null : words.get(0);
            if (command == null) {
                parent.usage(out, colors);
                return;
            }
            CommandLine named = parent.getSubcommands().get(command);
            if (named == null) {
                throw new CommandLine.ParameterException(parent, "Unknown subcommand '" + command + "'.", null, command);
            }
            named.usage(out, colors);
        }
    }

    /** The file a command reads: named, there, and a file (a tester's finding: --file= said 没有这个文件： and nothing more). */
    static void requireFile(Path file) {
        if (file.toString().isBlank()) {
            throw new InputRefusedException("--file 后面没有写文件名 (no file named)");
        }
        if (Files.isDirectory(file)) {
            throw new InputRefusedException(file + " 是文件夹，不是文件；请写出其中的文件名 (a directory, not a file)");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputRefusedException("没有这个文件：" + file + " (no such file)");
        }
    }

    /** A usage error found by a command's own check, its message in Chinese (picocli's own refusals are in English). */
    public static final class UsageRefused extends CommandLine.ParameterException {
        public UsageRefused(CommandLine commandLine, String message) {
            super(commandLine, message);
        }
    }

    /** The exit status of a failure, by its type. */
    static int exitStatus(FieldsyncException f) {
        if (f instanceof ServerUnreachableException) {
            return SERVER_UNREACHABLE;
        }
        if (f instanceof SessionEndedException) {
            return SESSION_ENDED;
        }
        if (f instanceof ServerRefusedException) {
            return SERVER_REFUSED;
        }
        if (f instanceof StoreException) {
            return STORE_UNAVAILABLE;
        }
        if (f instanceof SyncCancelledException) {
            return SERVER_UNREACHABLE; // interrupted mid-sync: like a lost connection, nothing lost, sync again
        }
        return USER_ERROR; // InputRefusedException, and any other refusal of the input or the store's state
    }

    /** The store a command works on: {@code --store}, else {@code $FIELDSYNC_STORE}, else {@code ./fieldsync-store}. */
    public static Path storeDir(Path given) {
        return given != null ? given : Path.of(System.getenv().getOrDefault("FIELDSYNC_STORE", "fieldsync-store"));
    }

    abstract static class StoreCommand implements Callable<Integer> {
        @Option(names = "--store", description = "本地存储目录 (the store directory)；默认为环境变量 FIELDSYNC_STORE，未设置时为当前目录下的 fieldsync-store")
        Path store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        FieldStore open() {
            if (store != null && store.toString().isBlank()) {
                throw new InputRefusedException("--store 后面没有写存储目录 (--store is empty)");
            }
            Path dir = storeDir(store);
            if (!createsStore() && !FieldStore.exists(dir)) {
                // a mistyped --store must not quietly open an empty store: the inspector's records would look gone
                throw new InputRefusedException("没有这个设备存储：" + dir.toAbsolutePath() + "。请检查 --store，或先运行 fieldsync init --store "
                        + dir + " 初始化 (no store in " + dir + "; check --store, or run init)");
            }
            return FieldStore.open(dir);
        }

        /** Only init makes a new store; every other command needs one that exists. */
        boolean createsStore() {
            return false;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** The exit code a command sets when it ran but has more to say than "done" (0). */
        int exit;

        @Override
        public Integer call() throws Exception {
            checkUsage();
            try (FieldStore fieldStore = open()) {
                run(fieldStore);
            }
            return exit;
        }

        /**
         * Checks what the command line says before any store is opened: a wrong argument is a usage
         * error (exit {@link #USAGE}, with the command's usage), however the store is.
         */
        void checkUsage() {
        }

        /** A usage error: picocli's handler prints it with the command's usage, and the exit status is {@link #USAGE}. */
        CommandLine.ParameterException usage(String message) {
            return new UsageRefused(spec.commandLine(), message);
        }

        abstract void run(FieldStore store) throws Exception;
    }

    /** The password from --password, else $FIELDSYNC_PASSWORD, else asked on the console without echo. */
    abstract static class PasswordCommand extends StoreCommand {
        @Option(names = "--password", description = "密码；不填则读 $FIELDSYNC_PASSWORD，再不然当场询问 (the password)")
        String password;

        String password(String user) {
            if (password != null) {
                return password;
            }
            String fromEnv = System.getenv("FIELDSYNC_PASSWORD");
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv;
            }
            Console console = System.console();
            if (console == null) {
                throw new InputRefusedException("没有密码：请用 --password 给出，或设置环境变量 FIELDSYNC_PASSWORD，或在终端中运行以便输入 (no password)");
            }
            char[] typed = console.readPassword("%s 的密码 (password): ", user);
            if (typed == null || typed.length == 0) {
                throw new InputRefusedException("没有输入密码 (no password given)");
            }
            return new String(typed);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "建立本地存储、登录，并在服务器登记本设备 (create the store, log in, enrol this device).")
    static final class Init extends PasswordCommand {
        @Override
        boolean createsStore() {
            return true;
        }

        @Option(names = "--server", required = true, description = "服务器地址，如 http://localhost:8080 (the server)")
        String server;
        @Option(names = "--device-name", required = true, description = "本设备的名称，如“安监一科 平板 3” (a name for this device)")
        String deviceName;
        @Option(names = "--user", required = true, description = "使用本设备的用户（服务器上的账号） (the user working on this device)")
        String user;
        @Option(names = "--no-sync", description = "只登记；第一次同步（辖区内的单位、人员和未销号的隐患）留待 fieldsync sync (enrol only)")
        boolean noSync;

        /** A refused or unreachable enrolment leaves no half-made store behind (status would read it as a device). */
        @Override
        public Integer call() throws Exception {
            Path dir = storeDir(store);
            boolean dirExisted = Files.isDirectory(dir);
            boolean storeExisted = FieldStore.exists(dir);
            try {
                return super.call();
            } catch (FieldsyncException e) {
                if (!storeExisted) {
                    // only the files a store is made of: --store may name a directory that holds other things
                    for (String made : FieldStore.fileNames()) {
                        Files.deleteIfExists(dir.resolve(made));
                    }
                    if (!dirExisted) {
                        try (var left = Files.list(dir)) {
                            if (left.findAny().isEmpty()) {
                                Files.deleteIfExists(dir);
                            }
                        }
                    }
                }
                throw e;
            }
        }

        @Override
        void run(FieldStore store) {
            if (store.status().deviceId() != null) {
                // the library says it in the app's words; on the command line the way out is a command
                throw new InputRefusedException("此存储已登记过（设备 " + store.status().deviceId() + "）：重新登录用 fieldsync login；"
                        + "另一台设备或另一位用户请用另一个 --store 运行 init (this store is initialised already)");
            }
            String id = store.init(server, deviceName, user, password(user));
            out().println("本设备已登记：" + deviceName + "（" + id + "），服务器 " + server + "，用户 " + user + " (device enrolled)");
            if (noSync) {
                return;
            }
            // the first sync brings the inspector's scope (units, persons, open dangers): a unit is then found by name
            try {
                SyncReport first = store.sync(SyncListener.NONE);
                out().println(first.inWords() + " (" + first.summary() + ")");
                out().println("按名称查单位：fieldsync list unit --store " + storeDir(this.store) + " (units by name)");
            } catch (FieldsyncException e) {
                out().println("首次同步未完成，登记已保存；稍后运行 fieldsync sync 即可："
                        + e.getMessage().lines().findFirst().orElse("") + " (first sync not done; enrolment kept)");
            }
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true, description = "在本设备上重新登录（登录已过期，或密码已更改） (log in again).")
    static final class Login extends PasswordCommand {
        @Option(names = "--user", required = true, description = "本设备的用户 (the device's user)")
        String user;

        @Override
        void run(FieldStore store) {
            store.login(user, password(user));
            out().println("已登录：" + user + " (logged in)");
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "按 JSON 文件新建一条 TYPE 记录（unit 单位、person 人员、inspection 现场检查、hazard 事故隐患、pledge 责任书），输出其编号 (record a new TYPE from a JSON file).")
    static final class New extends StoreCommand {
        @Parameters(index = "0", paramLabel = "TYPE", description = "记录类型：unit 单位、person 人员、inspection 现场检查、hazard 事故隐患、pledge 责任书 (the record type)")
        String type;
        @Option(names = "--file", required = true, description = "记录的 JSON 文件，字段见 schemas/ (the record as JSON)")
        Path file;

        @Override
        void checkUsage() {
            type(this, type);
        }

        @Override
        void run(FieldStore store) throws IOException {
            RecordType recordType = type(this, type);
            requireFile(file);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new InputRefusedException("文件 " + file + " 不是 UTF-8 编码的文本（可能是 GBK 等其他编码）；请用 UTF-8 保存后再试 (not UTF-8)");
            }
            JsonObject document;
            try {
                document = StrictJson.parseObject(text);
            } catch (StrictJson.MalformedJsonException e) {
                throw new InputRefusedException(file + " 不是有效的 JSON：" + PlainWords.malformed(e));
            }
            out().println(store.create(recordType, document));
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "修改字段：edit 编号 status=RECTIFIED location.address=栖霞市…；值能按 JSON 解读的按 JSON，否则按文字；“字段=”后不写值即删除该字段 (change fields)")
    static final class Edit extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;
        @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", arity = "1..*",
                description = "要改的字段和新值，可给多个；嵌套字段用点号，如 location.address=栖霞市 (field=value, one or more)")
        List<String> assignments;

        @Override
        void checkUsage() {
            for (String assignment : assignments) {
                if (assignment.indexOf('=') <= 0) {
                    throw usage("应写成 字段=值，例如 status=RECTIFIED；收到的是：" + assignment + " (expected FIELD=VALUE)");
                }
            }
        }

        @Override
        void run(FieldStore store) {
            LocalRecord record = store.get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
            Map<String, JsonElement> changes = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                String path = assignment.substring(0, eq);
                String raw = assignment.substring(eq + 1);
                DottedPath.apply(record.body(), changes, path, raw.isEmpty() ? null : value(raw, at(record.body(), path)));
            }
            store.edit(id, changes);
            String edited = "已修改 " + id + "（" + String.join("、", changes.keySet()) + "）";
            // a record the server refused keeps its changes on the device until the inspector sends them again:
            // "同步后发送" would promise what the next sync does not do (a tester's finding)
            boolean refused = store.record(id).map(r -> r.state() == cn.fieldsync.client.RecordState.NEEDS_ATTENTION).orElse(false);
            out().println(refused
                    ? edited + "；此记录有被服务器退回的修改，改好后用 fieldsync resend " + id + " 重发，同步后才会发送 (edited; resend it to send it)"
                    : edited + "，同步后发送 (edited; sync to send it)");
        }

        /**
         * The value typed, as JSON where it parses, else as text — but text stays text: a field that holds text now
         * takes {@code description=2026} or {@code responsiblePerson=110} as the words typed, not as a number the
         * record would then refuse ("应填文字"; found by a tester).
         */
        private static JsonElement value(String raw, JsonElement now) {
            JsonElement parsed;
            try {
                parsed = StrictJson.parse(raw);
            } catch (StrictJson.MalformedJsonException e) {
                return new JsonPrimitive(raw);
            }
            boolean holdsText = now != null && now.isJsonPrimitive() && now.getAsJsonPrimitive().isString();
            if (holdsText && parsed.isJsonPrimitive() && !parsed.getAsJsonPrimitive().isString()) {
                return new JsonPrimitive(raw);
            }
            return parsed;
        }

        /** The record's value at a dotted path, or null. */
        private static JsonElement at(JsonObject body, String path) {
            JsonElement node = body;
            for (String part : path.split("\\.")) {
                if (node == null || !node.isJsonObject()) {
                    return null;
                }
                node = node.getAsJsonObject().get(part);
            }
            return node;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "删除一条记录（保留删除标记，可追溯） (delete a record, kept as a tombstone).")
    static final class Delete extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;

        @Override
        void run(FieldStore store) {
            store.delete(id);
            // a unit or person never sent is discarded, not deleted: nothing goes to the server (a tester's finding)
            out().println(store.get(id).isPresent() ? "已删除 " + id + "（保留删除记录，不抹去），同步后发送 (deleted; sync to send it)"
                    : "已撤回尚未同步的草稿 " + id + "：不会发送，保留在 fieldsync attention --withdrawn 中 (a draft discarded, kept as withdrawn)");
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, description = "给记录添加附件，输出附件编号：现场检查和事故隐患只收照片（JPEG、PNG、WebP 或 HEIC），责任书等也可附录音或文件（PDF）"
            + " (add a photo, or to a pledge a recording or document, to a record).")
    static final class Attach extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;
        @Parameters(index = "1", paramLabel = "FILE", description = "要附加的文件 (the file to attach)")
        Path file;
        @Option(names = "--media-type", description = "文件类型，如 image/jpeg；默认按文件判断 (media type)")
        String mediaType;
        @Option(names = "--captured-at", description = "拍摄时间，如 2026-11-20T09:31:00+08:00 (when it was captured)")
        String capturedAt;
        @Option(names = "--lat", description = "拍摄地点的纬度，如 37.30；与 --lon 一起给出 (latitude)")
        Double lat;
        @Option(names = "--lon", description = "拍摄地点的经度，如 120.84 (longitude)")
        Double lon;
        @Option(names = "--accuracy", description = "定位精度，单位米 (accuracy, metres)")
        Double accuracy;
        @Option(names = "--address", description = "拍摄地点的地址，如 栖霞市经济开发区 (address)")
        String address;

        @Override
        void checkUsage() {
            if (capturedAt != null) {
                try {
                    OffsetDateTime.parse(capturedAt);
                } catch (DateTimeParseException e) {
                    throw usage("--captured-at 应为带时区的时间，如 2026-11-20T09:31:00+08:00 (a time with an offset)");
                }
            }
            if ((lat == null) != (lon == null)) {
                throw usage("--lat 和 --lon 须一起给出 (give both --lat and --lon)");
            }
        }

        @Override
        void run(FieldStore store) throws IOException {
            String type = mediaType != null ? mediaType : MediaTypes.guess(file);
            Instant when = capturedAt == null ? null : OffsetDateTime.parse(capturedAt).toInstant();
            JsonObject location = null;
            if (lat != null || lon != null || address != null) {
                location = new JsonObject();
                if (lat != null && lon != null) {
                    location.addProperty("lat", lat);
                    location.addProperty("lon", lon);
                }
                if (accuracy != null) {
                    location.addProperty("accuracyM", accuracy);
                }
                if (address != null) {
                    location.addProperty("address", address);
                }
            }
            out().println(store.attach(id, file, type, when, location));
        }
    }

    @Command(name = "seal", mixinStandardHelpOptions = true, description = "将现场检查记录或责任书按现场签字封存（现场检查也可记录拒签及见证人）；封存后不能再修改"
            + " (seal as signed on site; a sealed record accepts no edit).")
    static final class Seal extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;
        @Option(names = "--signer-name", description = "签字人姓名（拒签时为拒签人姓名） (who signs, or who refused)")
        String signerName;
        @Option(names = "--signer-position", description = "签字人职务（拒签时为拒签人职务） (the signer's position)")
        String signerPosition;
        @Option(names = "--signature-image", description = "手写签名的图片文件 (the handwritten signature, an image)")
        Path signatureImage;
        @Option(names = "--refused", description = "被检查单位负责人拒绝签字 (the person in charge refused to sign)")
        boolean refused;
        @Option(names = "--witness", description = "拒签的见证人姓名 (the witness of a refusal)")
        String witness;

        @Override
        void checkUsage() {
            if (refused) {
                if (witness == null || witness.isBlank()) {
                    throw usage("记录拒签须有见证人：--witness 姓名 (a refusal needs a witness)");
                }
                if (signerName == null || signerPosition == null) {
                    throw usage("记录拒签须写明拒签人的姓名 --signer-name 和职务 --signer-position (who refused, and their post)");
                }
            } else if (signerName == null || signatureImage == null) {
                throw usage("封存须有签字人 --signer-name 和签名图片 --signature-image；拒签时用 --refused --witness 见证人 (sealing needs a signer and a signature image)");
            }
        }

        @Override
        void run(FieldStore store) {
            if (refused) {
                store.sealRefused(id, signerName, signerPosition, witness);
            } else {
                store.seal(id, signerName, signerPosition, signatureImage);
            }
            out().println("已签字封存 " + id + "，同步后发送 (sealed; sync to send it)");
        }
    }

    @Command(name = "verify-bundle", mixinStandardHelpOptions = true, description = "离线核验证据包：每个文件与清单中的哈希值、每个签章与其设备密钥、审计记录与签名检查点；"
            + "全部成立才以 0 退出 (check an evidence bundle offline; exit 0 only when everything verifies).")
    static final class VerifyBundle implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "证据包 ZIP 文件 (the bundle's ZIP file)")
        Path file;
        @Option(names = "--sha256", description = "导出时给出的证据包 SHA-256（响应头 X-Fieldsync-Bundle-Sha256，审计日志中也有）："
                + "给出后任何一个字节的改动都能查出 (the bundle's SHA-256 as exported)")
        String sha256;
        @Option(names = "--server-key", description = "服务器的审计公钥（GET /api/audit/key）：证据包中的审计检查点须由它签署"
                + " (the server's audit public key)")
        String serverKey;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            requireFile(file);
            List<BundleVerifier.Item> items = BundleVerifier.verify(file, sha256, serverKey);
            long failed = items.stream().filter(i -> !i.ok()).count();
            boolean partial = false;
            for (var item : items) {
                boolean leftOut = BundleVerifier.LEFT_OUT.equals(item.path());
                partial |= leftOut;
                spec.commandLine().getOut().println((leftOut ? "注意 (partial)  " : item.ok() ? "通过 (verified)  " : "未通过 (FAILED)  ")
                        + item.path() + "  " + item.comment());
            }
            spec.commandLine().getOut().println(failed == 0 ? "证据包校验通过：共 " + items.size() + " 项 (bundle verified: " + items.size() + " items)"
                    + (partial ? "；但它不是该案的全部证据，见上面的“注意” (not the whole case)" : "")
                    : "证据包未通过校验：" + items.size() + " 项中 " + failed + " 项不符 (bundle NOT verified: " + failed + " of " + items.size() + " items failed)");
            return failed == 0 && !items.isEmpty() ? 0 : BUNDLE_NOT_VERIFIED;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "以 JSON 显示一条记录 (print a record as JSON).")
    static final class Show extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;

        @Override
        void run(FieldStore store) {
            LocalRecord record = store.get(id).orElseThrow(() -> FieldsyncException.noRecord(id));
            out().println(RecordWords.safeLines(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(record.toJson())));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出某类记录：编号、版本、待同步的修改、摘要 (list the records of a TYPE).")
    static final class ListRecords extends StoreCommand {
        @Parameters(index = "0", paramLabel = "TYPE", description = "记录类型：unit 单位、person 人员、inspection 现场检查、hazard 事故隐患、pledge 责任书 (the record type)")
        String type;

        @Override
        void checkUsage() {
            type(this, type);
        }

        @Override
        void run(FieldStore store) {
            // the state as the inspector app shows it: a conflict or a waiting photo is not "synced"
            for (cn.fieldsync.client.FieldRecord r : store.find(cn.fieldsync.client.RecordQuery.of(type(this, type)).withDeleted(true))) {
                out().println(r.id() + "\tv" + r.version() + "\t" + RecordWords.state(r)
                        + (r.deleted() ? "\t已删除 (deleted)" : "") + "\t" + RecordWords.summary(r));
            }
        }
    }

    static String mark(AttentionItem item) {
        return item.kind() == AttentionItem.Kind.NEEDS_ACTION ? "需处理 (needs attention)" : "等待中 (waiting)";
    }

    /** Prints attention items: kind, type, id, summary, then the reason on its own line; returns how many need action. */
    static int printAttention(PrintWriter out, List<AttentionItem> items, FieldStore store) {
        int action = 0;
        for (AttentionItem item : items) {
            if (item.kind() == AttentionItem.Kind.NEEDS_ACTION) {
                action++;
            }
            Optional<cn.fieldsync.client.FieldRecord> record = store.record(item.recordId());
            // the summary in words, as list shows it (已签字封存, not SEALED)
            out.println(mark(item) + "\t" + Labels.of(item.type()) + " (" + item.type().wireName()
                    + ")\t" + item.recordId() + "\t" + RecordWords.safe(record.map(RecordWords::summary).orElse(item.summary())));
            out.println("    " + RecordWords.safe(item.reason()) + " [" + item.code() + "]");
            out.println("    处理：" + RecordWords.nextStep(item, record.map(cn.fieldsync.client.FieldRecord::deleted).orElse(false)));
        }
        return action;
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = "发送待同步的修改，再取回服务器上的变化 (push, then pull).")
    static final class Sync extends StoreCommand {
        @Override
        void run(FieldStore store) {
            boolean terminal = System.console() != null;
            SyncListener bar = terminal ? new ProgressBar(System.err) : SyncListener.NONE;
            SyncReport report = store.sync(bar);
            if (terminal) {
                System.err.println();
            }
            out().println(report.inWords() + " (" + report.summary() + ")");
            List<AttentionItem> items = store.attention();
            if (!items.isEmpty()) {
                out().println();
                int action = printAttention(out(), items, store);
                if (action > 0) {
                    out().println();
                    out().println(action + " 条记录需要您处理，做法见每条的“处理” (" + action + " record(s) need your attention)");
                    exit = NEEDS_ATTENTION;
                }
            }
        }

    }

    @Command(name = "attention", mixinStandardHelpOptions = true, description = "需要您处理的：服务器退回的记录（改正后 resend，或 withdraw 撤回），以及修改仍在等待的记录"
            + "（等照片、等所引用的记录、等管辖范围）；有被退回的记录时以 4 退出 (what needs you).")
    static final class AttentionList extends StoreCommand {
        @Option(names = "--withdrawn", description = "改为列出已撤回的记录 (list what was withdrawn)")
        boolean withdrawn;

        @Override
        void run(FieldStore store) {
            if (withdrawn) {
                List<JsonObject> list = store.withdrawn();
                if (list.isEmpty()) {
                    out().println("没有撤回的修改 (nothing withdrawn)");
                }
                java.time.ZoneId zone = store.zone();
                for (JsonObject w : list) {
                    out().println(cn.fieldsync.schemas.ChineseDates.format(w.get("withdrawnAt").getAsString(), zone) + "\t"
                            + RecordType.fromWireName(w.get("type").getAsString()).map(Labels::of).orElse("") + " ("
                            + w.get("type").getAsString() + ")\t"
                            + w.get("recordId").getAsString() + "\t" + (w.get("note").isJsonNull() ? "" : w.get("note").getAsString()));
                    if (!w.get("reason").isJsonNull()) {
                        out().println("    原因：" + w.get("reason").getAsString());
                    }
                    JsonObject op = w.getAsJsonObject("operation");
                    out().println("    " + (op.has("delete") ? "删除" : op.get("baseVersion").getAsInt() == 0 && !op.has("prevOpId") ? "新建" : "修改") + "："
                            + op.get("fields").toString());
                }
                return;
            }
            List<AttentionItem> items = store.attention();
            if (items.isEmpty()) {
                out().println("没有需要处理或等待中的记录 (nothing needs your attention)");
            }
            exit = printAttention(out(), items, store) > 0 ? NEEDS_ATTENTION : 0;
        }
    }

    @Command(name = "resend", mixinStandardHelpOptions = true, description = "按本设备上现在的内容重新发送被退回的记录（先用 edit 改正） (send a refused record again).")
    static final class Resend extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;

        @Override
        void run(FieldStore store) {
            store.resend(id);
            out().println("已排入重发：" + id + "；同步后发送 (queued again; sync to send it)");
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "撤回一条记录被退回或仍在等待的修改；它们作为已撤回保留在本设备上（attention --withdrawn），"
            + "不会删除 (withdraw the refused or waiting changes of a record; kept, never erased).")
    static final class Withdraw extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "记录编号（list 或 new 输出的编号） (the record id)")
        String id;
        @Option(names = "--note", description = "撤回的理由 (why you withdraw it)")
        String note;

        @Override
        void run(FieldStore store) {
            store.withdraw(id, note);
            out().println("已撤回 " + id + " 的待发修改，记录保留在本设备的撤回清单中 (withdrawn; kept in attention --withdrawn)");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "待同步的操作、上次同步时间、未解决的冲突 (pending operations, last sync, open conflicts).")
    static final class Status extends StoreCommand {
        @Override
        void run(FieldStore store) {
            StoreStatus s = store.status();
            out().println("服务器 (server): " + s.server());
            out().println("设备 (device): " + s.deviceName() + "（" + s.deviceId() + "）");
            out().println("待发送的修改 (pending operations): " + s.pendingOperations());
            out().println("上次同步 (last sync): " + (s.lastSync() == null ? "尚未同步 (never)" : RecordWords.when(s.lastSync(), store.zone())));
            out().println("待裁决的冲突 (open conflicts): " + s.openConflicts()
                    + (s.openConflicts() > 0 ? "，详见 fieldsync conflicts" : ""));
            // the count is the device's log of refusals: once each was withdrawn or sent again, nothing waits in attention
            out().println("被拒绝的修改 (rejected operations): " + s.rejectedOperations()
                    + (s.rejectedOperations() == 0 ? "" : s.needsAttention() > 0 ? "，详见 fieldsync attention"
                    : "（均已处理：已撤回的见 fieldsync attention --withdrawn）"));
            out().println("需要处理 (need your attention): " + s.needsAttention());
            out().println("等待中 (waiting): " + s.waiting());
        }
    }

    @Command(name = "conflicts", mixinStandardHelpOptions = true, description = "服务器就本设备的修改报告的冲突 (the conflicts of this device's edits).")
    static final class Conflicts extends StoreCommand {
        @Override
        void run(FieldStore store) {
            List<LocalConflict> conflicts = store.conflicts();
            if (conflicts.isEmpty()) {
                out().println("没有冲突 (no conflicts)");
                return;
            }
            java.time.ZoneId zone = store.zone();
            for (LocalConflict c : conflicts) {
                out().println("冲突 " + c.id() + "\t" + cn.fieldsync.schemas.Labels.find("conflictStatus", c.status()).orElse(c.status())
                        + "\t记录 " + c.recordId() + store.get(c.recordId()).map(r -> "（" + Labels.of(r.type()) + "：" + RecordWords.safe(r.summary()) + "）").orElse(""));
                c.fields().entrySet().forEach(f -> out().println("  " + cn.fieldsync.schemas.Labels.find("fields", f.getKey())
                        .map(n -> n + " (" + f.getKey() + ")").orElse(f.getKey()) + "：" + cn.fieldsync.schemas.ConflictWords.values(f.getKey(), f.getValue(), zone)));
            }
            out().println();
            if (conflicts.stream().anyMatch(c -> LocalConflict.OUT_OF_SCOPE.equals(c.status()))) {
                out().println("已不在您管辖范围内的冲突由管理员在控制台裁决；您的值保存在冲突中，不会丢失"
                        + " (conflicts out of your scope are decided by an administrator; your values are kept)");
            }
            if (conflicts.stream().anyMatch(c -> "OPEN".equals(c.status()))) {
                out().println("下一步：服务器保留其现有值，您的值保存在冲突中，不会丢失；管理员在控制台裁决后，下次同步时本设备收到结果"
                        + " (next: the server keeps its value, yours is held in the conflict; an administrator decides, and the next sync brings the decision)");
            } else if (conflicts.stream().allMatch(c -> "RESOLVED".equals(c.status()))) {
                // a settled conflict has no next step: its decision is on the server, the next sync brings it
                out().println("这些冲突都已由管理员处理，无需再做什么；裁决结果随同步到达本设备 (all settled: nothing to do)");
            }
        }
    }

    /** The record type a TYPE argument names; another word is a usage error. */
    static RecordType type(StoreCommand command, String name) {
        return RecordType.fromWireName(name).filter(t -> t != RecordType.ATTACHMENT)
                .orElseThrow(() -> command.usage("没有这种记录类型：" + name
                        + "；应为 unit（单位）、person（人员）、inspection（现场检查记录）、hazard（事故隐患）、pledge（责任书）之一 (unknown record type)"));
    }

    /** {@code fieldsync --version}: the build's version and commit (one source: the project version in pom.xml). */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fieldsync " + cn.fieldsync.schemas.BuildInfo.current().describe()};
        }
    }
}
