package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "More like this" in the window: from one misfiled red picture, its look-alikes still filed under the same
 * wrong class come up together, and moving them all is one undo step.
 */
class LookAlikesTest extends HeadlessWindowTest {

    private List<String> shown() {
        return model.images().stream().map(ImageTile::path).toList();
    }

    @Test
    void lookAlikesOfAMisfiledImageBringItsTwinsAndMoveInOneUndoStep() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        model.showLookAlikes();
        assertTrue(model.messageProperty().get().startsWith("Select an image first"), model.messageProperty().get());
        model.select("not-road/red-a.png", SelectMode.REPLACE);
        model.showLookAlikes();
        assertTrue(model.messageProperty().get().startsWith("Score the dataset first"), model.messageProperty().get());
        model.score();
        model.queueProperty().set(Queue.ALL);
        model.select("not-road/red-a.png", SelectMode.REPLACE);
        model.showLookAlikes();
        assertEquals(Queue.SIMILAR, model.queueProperty().get());
        assertEquals("not-road/red-a.png", shown().get(0), "the chosen image first, as the reference");
        ImageTile first = model.images().get(0);
        assertEquals(1.0, model.similarityOf(first).orElseThrow(), 1e-9);
        for (int i = 2; i < shown().size(); i++) {
            assertTrue(model.similarityOf(model.images().get(i - 1)).orElseThrow()
                    >= model.similarityOf(model.images().get(i)).orElseThrow(), "most similar first");
        }
        assertTrue(shown().subList(1, 12).stream().allMatch(p -> p.contains("/r") || p.contains("red-")),
                "red pictures are the look-alikes of a red picture: " + shown());

        // Only those still filed as not-road: the planted twins.
        model.selectedClassProperty().set(model.classes().stream().filter(c -> c.name().equals("not-road"))
                .findFirst().orElseThrow());
        assertEquals("not-road/red-a.png", shown().get(0));
        assertEquals(java.util.Set.of("not-road/red-b.png", "not-road/red-c.png"), java.util.Set.copyOf(shown().subList(1, 3)),
                "the two twins still filed as not-road come next: " + shown());
        model.select(shown().get(1), SelectMode.REPLACE);
        model.select(shown().get(2), SelectMode.TOGGLE);
        model.moveSelection("road");
        assertTrue(Files.exists(root.resolve("road/red-b.png")) && Files.exists(root.resolve("road/red-c.png")));
        assertEquals(Queue.SIMILAR, model.queueProperty().get(), "the look-alikes stay on screen after a move");
        model.undo();
        for (String p : DatasetViewModelTest.PLANTED) {
            assertTrue(Files.exists(root.resolve(p)), "one undo brings every moved look-alike back: " + p);
        }
    }
}
