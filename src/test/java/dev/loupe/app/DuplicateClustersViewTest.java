package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.PixelFeatures;
import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Duplicate clusters in the window: copies filed under two classes come first, each cluster together with its
 * suggested keeper first, and D keeps the focused image and sets the rest of its cluster aside in one undo step.
 */
class DuplicateClustersViewTest extends HeadlessWindowTest {

    @Override
    dev.loupe.engine.FeatureExtractor judge() {
        return new PixelFeatures();
    }

    private List<String> shown() {
        return model.images().stream().map(ImageTile::path).toList();
    }

    @Test
    void copiesAcrossClassesComeFirstAndDKeepsOneAndSetsTheRestAsideInOneUndo() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"), "png", 40, 30, i);
        }
        // The same picture filed twice in not-road (a smaller file and a larger one), and once in road.
        Files.copy(root.resolve("not-road/p3.png"), root.resolve("not-road/p3-again.png"));
        TestImages.write(root.resolve("road/p5-larger.png"), "png", 80, 60, 5);
        Files.copy(root.resolve("road/p2.png"), root.resolve("not-road/p2-scraped.png"));
        Files.copy(root.resolve("road/p2.png"), root.resolve("road/p2-copy.png"));
        model.open(root);
        model.queueProperty().set(Queue.CLUSTERS);
        assertTrue(model.messageProperty().get().startsWith("Score the dataset first"), model.messageProperty().get());
        model.score();
        model.queueProperty().set(Queue.ALL);
        model.queueProperty().set(Queue.CLUSTERS);
        assertTrue(model.messageProperty().get().contains("across classes"), model.messageProperty().get());
        List<String> shown = shown();
        assertEquals(List.of("road/p2-copy.png", "road/p2.png", "not-road/p2-scraped.png"), shown.subList(0, 3).stream()
                .sorted((a, b) -> a.startsWith("road/") == b.startsWith("road/") ? a.compareTo(b) : a.startsWith("road/") ? -1 : 1)
                .toList(), "the cluster across classes first, all three copies together: " + shown);
        assertTrue(shown.get(0).startsWith("road/"), "the keeper is filed in the cluster's majority class: " + shown);
        String caption = model.queueCaption(model.images().get(0)).orElseThrow();
        assertEquals("keep · cluster 1 · road+not-road", caption, "the suggested keeper, its cluster and its classes");
        assertEquals("cluster 1 · road+not-road", model.queueCaption(model.images().get(1)).orElseThrow());
        assertTrue(shown.contains("not-road/p3.png") && shown.contains("not-road/p3-again.png"));
        assertFalse(shown.contains("road/p4.png"), "an image without a copy is not in the queue");

        for (ImageTile t : model.images()) {
            String details = DetailsPane.describe(t);
            assertFalse(details.contains("  " + t.path() + "\n"), "the details never name the image itself as its copy: "
                    + details);
        }

        // The annotator keeps the copy filed in road and sets the others aside.
        model.select("road/p2.png", SelectMode.REPLACE);
        model.keepOneOfCluster();
        assertTrue(Files.exists(root.resolve("road/p2.png")), "the kept image stays");
        assertTrue(Files.exists(root.resolve("_excluded/p2-copy.png")) && Files.exists(root.resolve("_excluded/p2-scraped.png")),
                "the rest of its cluster is set aside");
        assertEquals(Queue.CLUSTERS, model.queueProperty().get());
        String after = model.queueCaption(model.images().stream().filter(t -> t.path().equals("road/p2.png"))
                .findFirst().orElseThrow()).orElseThrow();
        assertTrue(after.endsWith("cluster 1 · _excluded+road"),
                "the cluster's labels as they are now, most images first: " + after);
        String next = model.focused().orElseThrow().path();
        assertFalse(next.contains("p2"), "the focus goes on to the next cluster: " + next);

        model.keepOneOfCluster(); // the next cluster's keeper
        model.undo();
        model.undo();
        for (String p : List.of("road/p2-copy.png", "not-road/p2-scraped.png", "not-road/p3.png", "not-road/p3-again.png",
                "road/p5-larger.png", "not-road/p5.png")) {
            assertTrue(Files.exists(root.resolve(p)), "each D is one undo step: " + p);
        }
        model.queueProperty().set(Queue.ALL);
        model.select("road/p4.png", SelectMode.REPLACE);
        model.keepOneOfCluster();
        assertTrue(model.messageProperty().get().startsWith("D works in Show: Duplicate clusters"),
                model.messageProperty().get());
    }
}
