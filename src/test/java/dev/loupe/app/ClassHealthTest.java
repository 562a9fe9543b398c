package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Classes tab without a screen: each class's health after scoring, and merging or renaming a whole class
 * as one journal step that one undo takes back.
 */
class ClassHealthTest extends HeadlessWindowTest {

    private ClassHealth row(String name) {
        return model.classHealth().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private long filesIn(String folder) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
            return files.count();
        }
    }

    @Test
    void eachClassShowsItsImagesErrorsSuspectsClustersAndTheClassItIsConfusedWith() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        assertEquals(List.of("not-road", "road"), model.classHealth().stream().map(ClassHealth::name).sorted().toList(),
                "the classes, without the buckets");
        assertEquals(23, row("not-road").images());
        assertEquals(-1, row("not-road").clusters(), "clusters unknown before scoring");
        model.score();
        ClassHealth notRoad = row("not-road");
        assertTrue(notRoad.estimatedErrors() >= 1, "the planted red pictures are estimated as errors: " + notRoad);
        assertEquals("road", notRoad.confusedWith());
        model.queueProperty().set(Queue.SUSPECTS);
        long suspectsShown = model.images().stream().filter(t -> t.label().equals("not-road")).count();
        assertEquals(suspectsShown, notRoad.suspectsLeft(), "the not-road suspects of the queue");
        model.select("not-road/red-a.png", SelectMode.REPLACE);
        model.moveSelection("road");
        assertEquals(notRoad.suspectsLeft() - 1, row("not-road").suspectsLeft(), "a decided suspect is no longer left");
        model.setClassesShown(true);
        assertTrue(row("road").clusters() >= 0, "clusters found when the tab shows");
    }

    @Test
    void mergingAndRenamingMoveAWholeClassInOneUndoableStep() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        model.mergeClass("not-road", "road");
        assertEquals(43, filesIn("road"), "every image now filed under road");
        assertFalse(Files.exists(root.resolve("not-road")), "the emptied folder is removed");
        assertEquals(List.of("road"), model.classHealth().stream().map(ClassHealth::name).toList());
        assertTrue(model.images().stream().noneMatch(ImageTile::reviewed), "a merge is not a review decision");
        model.undo();
        assertEquals(23, filesIn("not-road"), "one undo brings the class back");
        assertEquals(20, filesIn("road"));

        model.renameClass("road", "not-road");
        assertTrue(model.messageProperty().get().startsWith("There is already a class not-road"),
                model.messageProperty().get());
        model.renameClass("road", "_road");
        assertTrue(model.messageProperty().get().contains("cannot be a class name"), model.messageProperty().get());
        model.renameClass("road", "street");
        assertEquals(20, filesIn("street"));
        assertFalse(Files.exists(root.resolve("road")));
        assertTrue(model.classes().stream().anyMatch(c -> c.name().equals("street")));
        model.undo();
        assertEquals(20, filesIn("road"), "one undo takes the rename back");

        Files.writeString(root.resolve("not-road/.notes"), "the annotator's own file");
        model.mergeClass("not-road", "road");
        assertEquals(43, filesIn("road"));
        assertTrue(Files.exists(root.resolve("not-road/.notes")), "a folder with anything left in it stays, untouched");
    }
}
