package cn.fieldsync.client.app;

import cn.fieldsync.client.cli.FieldsyncCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code fieldsync app --store S [--port P]}: serves the inspector's app on this device until stopped (Ctrl-C). */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "在本设备上启动检查员应用：用浏览器打开输出的地址（只限本机访问） (start the inspector's app).")
public final class AppCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--store", description = "本地存储目录 (the store directory)；默认为环境变量 FIELDSYNC_STORE，未设置时为当前目录下的 fieldsync-store；没有时新建，由应用登记本设备")
    Path store;

    @Option(names = "--port", description = "本机端口，默认任选一个空闲端口 (the local port)")
    int port;

    @Option(names = "--no-browser", description = "不打开浏览器，只输出地址 (do not open a browser)")
    boolean noBrowser;

    @Override
    public Integer call() throws Exception {
        Path dir = FieldsyncCli.storeDir(store);
        if (port < 0 || port > 65535) {
            // A mistyped argument, not a refused input: exit 64 with the usage, like every other subcommand.
            throw new cn.fieldsync.client.cli.FieldsyncCli.UsageRefused(spec.commandLine(), "端口应在 1 到 65535 之间，收到的是 " + port
                    + "；不写 --port 则由系统选一个空闲端口 (port out of range)");
        }
        InspectorApp app;
        try {
            app = InspectorApp.start(dir, port);
        } catch (java.net.BindException e) {
            throw new cn.fieldsync.client.InputRefusedException("端口 " + port + " 已被占用（也许应用已经在运行）；请换一个 --port，"
                    + "或不写 --port 由系统选一个空闲端口 (port in use)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "fieldsync-app-stop"));
        URI address = app.launchAddress();
        System.out.println("检查员应用已启动，请在本机浏览器中打开：" + address);
        System.out.println("(the inspector's app: open " + address + " ; stop with Ctrl-C)");
        System.out.flush();
        if (!noBrowser) {
            openBrowser(address);
        }
        stopped.await();
        return 0;
    }

    /** Opens the default browser when this machine has a desktop; a server or a phone shell just prints the address. */
    private static void openBrowser(URI address) {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(address);
            }
        } catch (Exception | LinkageError e) {
            System.out.println("无法自动打开浏览器，请手动打开上面的地址 (" + e.getMessage() + ")");
        }
    }
}
