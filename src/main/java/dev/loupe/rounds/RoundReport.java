package dev.loupe.rounds;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A round's metrics and what changed since the round before, as text: the window's Rounds tab and the CLI. */
public final class RoundReport {

    private RoundReport() {
    }

    /**
     * Round {@code n}: validation and test accuracy, per-class precision and recall, the confusion matrix, and
     * (after round 1) what changed since the round before; empty when there is no such round.
     */
    public static String text(RoundHistory history, int n, Map<String, Integer> moveCounts) {
        Optional<RoundMetrics> found = history.metrics(n);
        if (found.isEmpty()) {
            return "";
        }
        RoundMetrics m = found.get();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Round %d: validation %.1f%%, test %.1f%% (%d train, %d validation, %d test images)%n%n", n,
                100 * m.validationAccuracy(), 100 * m.testAccuracy(), m.trainImages(), m.validationImages(),
                m.testImages()));
        s.append(String.format(Locale.ROOT, "%-14s %9s %7s%n", "class", "precision", "recall"));
        for (int c = 0; c < m.classes().size(); c++) {
            s.append(String.format(Locale.ROOT, "%-14s %9.3f %7.3f%n", m.classes().get(c), m.precision()[c],
                    m.recall()[c]));
        }
        s.append("\nConfusion matrix (test; rows true, columns predicted):\n").append(matrix(m.classes(), m.confusion()));
        if (n > 1) {
            RoundDiff diff = history.diff(n - 1, n, moveCounts);
            s.append(String.format(Locale.ROOT, "%nSince round %d: %d relabelled, %d predictions flipped%n", n - 1,
                    diff.relabelled().size(), diff.flipped().size()));
            diff.relabelled().stream().limit(20).forEach(ch -> s.append("  ").append(ch.path()).append(": ")
                    .append(ch.before()).append(" → ").append(ch.after()).append('\n'));
            s.append("Confusion matrix change:\n").append(matrix(m.classes(), diff.confusionDelta()));
        }
        return s.toString();
    }

    /** A confusion matrix (or its change) as aligned text: rows the true class, columns the predicted one. */
    public static String matrix(List<String> classes, long[][] m) {
        int width = Math.max(8, classes.stream().mapToInt(String::length).max().orElse(8));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %" + width + "s", ""));
        classes.forEach(c -> s.append(String.format(Locale.ROOT, " %" + width + "s", c)));
        s.append('\n');
        for (int i = 0; i < classes.size(); i++) {
            s.append(String.format(Locale.ROOT, "  %" + width + "s", classes.get(i)));
            for (int j = 0; j < classes.size(); j++) {
                s.append(String.format(Locale.ROOT, " %" + width + "d", m[i][j]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
