package dev.loupe.app;

import java.time.Duration;
import java.util.Locale;

/** The status line of long work: what it does, how far (count), how fast, and about how long is left. */
final class ProgressText {

    private ProgressText() {
    }

    /**
     * E.g. "Featurizing with mobilenet-0.25-224 · 340 of 700 · 85/s · about 4 s left".
     *
     * @param elapsed time since the work started
     */
    static String of(String message, long done, long total, Duration elapsed) {
        StringBuilder s = new StringBuilder(message);
        if (total > 0 && done >= 0) {
            s.append(String.format(Locale.ROOT, " · %,d of %,d", done, total));
            double seconds = elapsed.toNanos() / 1e9;
            if (done > 0 && seconds >= 1) {
                double rate = done / seconds;
                s.append(String.format(Locale.ROOT, rate >= 10 ? " · %.0f/s" : " · %.1f/s", rate));
                if (done < total) {
                    s.append(" · about ").append(left((total - done) / rate)).append(" left");
                }
            }
        }
        return s.toString();
    }

    private static String left(double seconds) {
        if (seconds < 60) {
            return Math.max(1, Math.round(seconds)) + " s";
        }
        long minutes = Math.round(seconds / 60);
        return minutes < 60 ? minutes + " min" : String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
}
