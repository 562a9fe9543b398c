package dev.loupe.cli;

import dev.loupe.work.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws progress on stderr: a bar redrawn in place on a terminal, a line every few seconds otherwise.
 * Never writes to stdout, so a command's output can be piped.
 */
public final class StderrProgress implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public StderrProgress() {
        this(System.err, System.console() != null);
    }

    StderrProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        long now = System.nanoTime();
        boolean last = total > 0 && done >= total;
        long interval = terminal ? 100_000_000L : 5_000_000_000L;
        if (!last && now - lastDraw < interval) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        String line;
        if (total > 0) {
            int filled = (int) (WIDTH * done / total);
            double rate = seconds > 0 ? done / seconds : 0;
            String eta = rate > 0 && !last ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
            line = String.format(Locale.ROOT, "[%s%s] %d/%d  %.0f/s%s  %s", "#".repeat(filled),
                    " ".repeat(WIDTH - filled), done, total, rate, eta, message);
        } else {
            line = message;
        }
        if (terminal) {
            err.print("\r" + line + "\033[K");
            drawn = true;
            if (last) {
                finish();
            }
        } else {
            err.println(line);
        }
    }

    /** Ends the in-place line, if one is drawn. */
    public synchronized void finish() {
        if (terminal && drawn) {
            err.println();
            drawn = false;
        }
    }
}
