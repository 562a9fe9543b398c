package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.imaging.ImageStatus;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.ScoredImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grid's tiles and filters, without a screen. */
class ReviewQueueTest {

    private static final List<String> CLASSES = List.of("not-road", "road");

    private static ImageTile tile(String path, double pRoad, IssueKind kind, String decision) {
        CatalogEntry e = new CatalogEntry(path, path.substring(0, path.indexOf('/')), 10, 1, "h-" + path, 8, 8, "JPEG",
                ImageStatus.OK, "");
        int given = CLASSES.indexOf(e.label());
        ScoredImage s = new ScoredImage(path, e.sha256(), given, new double[] {1 - pRoad, pRoad}, 1 - given, 0.5, kind,
                List.of());
        return ReviewQueue.tile(e, Path.of(path), s, CLASSES, decision);
    }

    private static ReviewQueue.Filters filters(Queue queue, ClassSummary only, String text, boolean showReviewed) {
        return new ReviewQueue.Filters(queue, only, null, text, showReviewed, 1.0, Sort.SCORE, Set.of(), Map.of(), Map.of(), Map.of());
    }

    @Test
    void aTileJudgesTheLabelTheImageHasNow() {
        // Scored as misclassified while filed under not-road; now filed under road, where the model agrees.
        CatalogEntry moved = new CatalogEntry("road/a.jpg", "road", 10, 1, "h", 8, 8, "JPEG", ImageStatus.OK, "");
        ScoredImage before = new ScoredImage("not-road/a.jpg", "h", 0, new double[] {0.1, 0.9}, 1, 0.9,
                IssueKind.MISCLASSIFIED, List.of());
        ImageTile t = ReviewQueue.tile(moved, Path.of("road/a.jpg"), before, CLASSES, null);
        assertEquals(IssueKind.OK, t.kind());
        assertEquals("road", t.predicted());
        assertEquals(0.1, t.score(), 1e-9);
    }

    @Test
    void queueClassTextAndReviewedFiltersCombine() {
        List<ImageTile> all = List.of(tile("road/a.jpg", 0.2, IssueKind.MISCLASSIFIED, null),
                tile("road/b.jpg", 0.9, IssueKind.OK, null), tile("not-road/c.jpg", 0.7, IssueKind.MISCLASSIFIED, "kept"));
        assertEquals(2, ReviewQueue.filter(all, filters(Queue.SUSPECTS, null, "", true)).size());
        assertEquals(List.of("road/a.jpg"), ReviewQueue.filter(all, filters(Queue.SUSPECTS, null, "", false)).stream()
                .map(ImageTile::path).toList());
        assertEquals(List.of("road/b.jpg"), ReviewQueue.filter(all,
                filters(Queue.ALL, new ClassSummary("road", 2, false), "b.jpg", true)).stream().map(ImageTile::path).toList());
    }

    @Test
    void anEmptyGridNamesEveryFilterInTheWay() {
        String why = ReviewQueue.whyEmpty(false, true, filters(Queue.MISCLASSIFIED, new ClassSummary("road", 2, false),
                "zzz", false));
        assertTrue(why.contains("the misclassified queue") && why.contains("class road")
                && why.contains("names containing 'zzz'") && why.contains("reviewed images hidden"), why);
        assertTrue(ReviewQueue.whyEmpty(true, false, filters(Queue.ALL, null, "", true)).startsWith("This dataset has no "
                + "usable images"));
    }
}
