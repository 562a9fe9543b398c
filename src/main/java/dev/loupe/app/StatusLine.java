package dev.loupe.app;

import dev.loupe.dataset.ScanReport;
import dev.loupe.issues.ReviewLog;
import java.util.List;
import java.util.Locale;

/**
 * The status line under the grid: the dataset's size, the selection, how far the pass has come, what the scan
 * skipped, the reviewer's precision so far, the errors left and the judge.
 *
 * @param images   every usable image of the dataset
 * @param shown    the tiles the grid shows (the pass)
 * @param judge    the judge's name, or null before any ranking
 */
record StatusLine(int images, int classes, int selected, List<ImageTile> shown, Queue queue, ScanReport scan,
                  ReviewLog.Stats reviews, String judge, long errorsLeft) {

    String text() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d images in %d classes", images, classes));
        if (selected > 1) {
            s.append(String.format(Locale.ROOT, " · %d selected", selected));
        }
        if (judge != null && !shown.isEmpty()) {
            long decided = shown.stream().filter(ImageTile::reviewed).count();
            s.append(String.format(Locale.ROOT, " · reviewed %d of %d %s", decided, shown.size(),
                    queue == Queue.ALL ? "shown" : queue.toString().toLowerCase(Locale.ROOT)));
        }
        if (!scan.skipped().isEmpty()) {
            s.append(String.format(Locale.ROOT, " · %d file(s) skipped", scan.skipped().size()));
        }
        if (scan.conflictingDuplicates() > 0) {
            s.append(String.format(Locale.ROOT, " · %d identical across classes", scan.conflictingDuplicates()));
        }
        if (reviews.reviewed() > 0) {
            s.append(String.format(Locale.ROOT, " · %d reviewed, %d moved (precision %.0f%%)", reviews.reviewed(),
                    reviews.moved(), 100 * reviews.precision()));
        }
        if (judge != null) {
            s.append(String.format(Locale.ROOT, " · ~%d errors left · judge: %s", errorsLeft, judge));
            if (reviews.mostlyFalseAlarms()) {
                s.append(" · the remaining suspects are mostly false alarms");
            }
        }
        return s.toString();
    }
}
