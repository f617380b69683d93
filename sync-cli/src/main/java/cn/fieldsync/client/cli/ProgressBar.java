package cn.fieldsync.client.cli;

import cn.fieldsync.client.SyncListener;

import java.io.PrintStream;

/** A one-line progress bar on a terminal. */
final class ProgressBar implements SyncListener {

    private static final int WIDTH = 30;
    private final PrintStream out;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(Phase phase, long done, long total) {
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            out.print("\r" + phase.name().toLowerCase() + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + done + "/" + total + "   ");
        } else {
            out.print("\r" + phase.name().toLowerCase() + " " + done + " changes   ");
        }
        out.flush();
    }
}
