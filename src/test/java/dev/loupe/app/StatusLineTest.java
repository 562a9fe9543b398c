package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.dataset.ScanReport;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.ReviewLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status line tells an annotator before and after scoring. */
class StatusLineTest {

    private static final ScanReport CLEAN = new ScanReport(List.of("road", "not-road"), List.of(), Map.of(),
            List.of(), List.of(), List.of(), List.of(), 0, List.of(), List.of(), List.of(), Duration.ZERO);

    private static ImageTile tile(String decision) {
        return new ImageTile("road/a.jpg", "a", null, "road", "not-road", 0.8, IssueKind.MISCLASSIFIED, 0.8, decision,
                1, 1, 1, 0, Map.of(), List.of());
    }

    @Test
    void beforeScoringItCountsImagesAndClassesOnly() {
        String text = new StatusLine(120, 2, 1, List.of(tile(null)), Queue.ALL, CLEAN,
                new ReviewLog.Stats(0, 0, 0, 0, 0), null, 0).text();
        assertEquals("120 images in 2 classes", text);
    }

    @Test
    void afterScoringItTellsThePassTheReviewersPrecisionAndTheErrorsLeft() {
        String text = new StatusLine(120, 2, 3, List.of(tile(ReviewLog.MOVED), tile(null)), Queue.SUSPECTS, CLEAN,
                new ReviewLog.Stats(4, 3, 1, 0.75, 0.75), "MobileNet", 7).text();
        assertEquals("120 images in 2 classes · 3 selected · reviewed 1 of 2 suspects · 4 reviewed, 3 moved "
                + "(precision 75%) · ~7 errors left · judge: MobileNet", text);
    }
}
