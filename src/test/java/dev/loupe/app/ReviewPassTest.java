package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.ColourFeatures;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A review pass by keyboard never skips an image: decisions mark tiles in place, the focus goes to the next
 * undecided one, background re-ranking never reorders what is on screen.
 */
class ReviewPassTest {

    @TempDir
    Path root;

    private final DatasetViewModel model = new DatasetViewModel(new CurrentThreadTaskExecutor(),
            (progress, cancel) -> new ColourFeatures());

    @BeforeEach
    void scored() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        model.score();
    }

    @AfterEach
    void close() {
        model.close();
    }

    private List<String> order() {
        return model.images().stream().map(ImageTile::sha256).toList();
    }

    private void assertEveryTileBeforeTheFocusIsDecided(String after) {
        int focus = model.focusProperty().get();
        for (int i = 0; i < focus; i++) {
            assertTrue(model.images().get(i).reviewed(), after + ": tile " + i + " before the focus (" + focus
                    + ") was skipped: " + model.images().get(i).path());
        }
    }

    @Test
    void randomKeyboardDecisionsUndosAndReRanksNeverSkipAnImage() {
        for (String queue : List.of("SUSPECTS", "ALL")) {
            model.queueProperty().set(Queue.valueOf(queue));
            model.refreshQueue();
            Random random = new Random(queue.hashCode());
            for (int step = 0; step < 40 && model.images().stream().anyMatch(t -> !t.reviewed()); step++) {
                List<String> before = order();
                int action = random.nextInt(10);
                String what;
                if (action < 4) {
                    what = "move to " + (action % 2 == 0 ? "road" : "not-road");
                    model.moveSelection(action % 2 == 0 ? "road" : "not-road");
                } else if (action < 6) {
                    what = "keep";
                    model.keepSelection();
                } else if (action == 6) {
                    what = "unsure";
                    model.moveSelection("_unsure");
                } else if (action == 7) {
                    what = "exclude";
                    model.moveSelection("_excluded");
                } else {
                    what = "undo";
                    model.undo();
                }
                String context = queue + " step " + step + " (" + what + ")";
                List<String> after = order();
                assertEquals(before, after.subList(0, before.size()), context + ": the order on screen changed");
                if (!what.equals("undo")) {
                    assertEveryTileBeforeTheFocusIsDecided(context);
                }
            }
        }
    }

    @Test
    void aMultiSelectionMoveSkipsNoSuspectAndKeepsThoseAlreadyThere() {
        model.select(model.images().get(0).path(), SelectMode.REPLACE);
        model.select(model.images().get(3).path(), SelectMode.RANGE);
        List<ImageTile> chosen = List.copyOf(model.selectedTiles());
        long already = chosen.stream().filter(t -> t.label().equals("road")).count();
        model.moveSelection("road");
        assertEveryTileBeforeTheFocusIsDecided("after moving four");
        assertEquals(4, model.focusProperty().get());
        if (already > 0) {
            assertTrue(model.messageProperty().get().contains("already in road: kept"), model.messageProperty().get());
        }
        assertTrue(model.images().subList(0, 4).stream().allMatch(ImageTile::reviewed));
    }

    @Test
    void undoFocusesTheRestoredImage() {
        ImageTile first = model.images().get(0);
        model.moveSelection(first.label().equals("road") ? "not-road" : "road");
        assertEquals(1, model.focusProperty().get());
        model.undo();
        assertEquals(0, model.focusProperty().get());
        assertEquals(List.of(first.path()), model.selection(), "the restored image is selected, at its old path");
        assertFalse(model.images().get(0).reviewed());
    }

    @Test
    void ctrlZTakesBackTheNewestDecisionEvenAKeep() {
        ImageTile first = model.images().get(0);
        ImageTile second = model.images().get(1);
        model.moveSelection(first.label().equals("road") ? "not-road" : "road");
        model.keepSelection(); // the second image
        assertTrue(model.images().get(1).reviewed());
        model.undo();
        assertFalse(model.images().get(1).reviewed(), "the keep is taken back first");
        assertTrue(model.images().get(0).reviewed(), "the move before it stands");
        assertEquals(List.of(second.path()), model.selection());
        model.undo();
        assertFalse(model.images().get(0).reviewed(), "then the move");
        assertEquals(first.path(), model.images().get(0).path());
        model.redo();
        assertTrue(model.images().get(0).reviewed(), "redo brings the move back");
        model.redo();
        assertTrue(model.images().get(1).reviewed(), "and then the keep");
    }

    @Test
    void theLoupeFollowsTheFocusAndClosesWhereItWas() {
        LoupeModel loupe = new LoupeModel(model);
        loupe.toggle();
        assertTrue(loupe.isOpen());
        assertEquals(List.of(model.images().get(0)), loupe.shown());
        assertEquals(LoupeModel.FIT, loupe.zoomProperty().get());
        loupe.toggleActualSize();
        assertEquals(1.0, loupe.zoomProperty().get());
        model.moveFocus(1);
        assertEquals(model.images().get(1).path(), loupe.shown().get(0).path());
        assertTrue(loupe.captionProperty().get().startsWith("2 of "), loupe.captionProperty().get());
        model.keepSelection(); // a decision key in the loupe: it shows the next undecided image
        assertEquals(model.images().get(2).path(), loupe.shown().get(0).path());
        loupe.close();
        assertFalse(loupe.isOpen());
        assertEquals(2, model.focusProperty().get(), "Esc leaves the focus where the loupe was");
    }

    @Test
    void compareShowsTwoToFourSelectedImagesOnly() {
        LoupeModel loupe = new LoupeModel(model);
        model.select(model.images().get(0).path(), SelectMode.REPLACE);
        assertFalse(loupe.compare(), "one image is nothing to compare");
        assertTrue(loupe.captionProperty().get().contains("select two to four"));
        model.select(model.images().get(2).path(), SelectMode.RANGE);
        assertTrue(loupe.compare());
        assertEquals(3, loupe.shown().size());
        loupe.zoomBy(100, 1);
        assertEquals(LoupeModel.MAX_ZOOM, loupe.zoomProperty().get(), "zoom is bounded");
    }
}
