package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.issues.IssueKind;
import dev.loupe.issues.ReviewLog;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** Clicks, Shift and Ctrl clicks, bands and the focus after a decision, on a grid of five tiles. */
class GridSelectionTest {

    private final ObservableList<ImageTile> shown = FXCollections.observableArrayList();
    private final GridSelection grid = new GridSelection(shown);

    private static ImageTile tile(int i, String decision) {
        return new ImageTile("road/" + i + ".jpg", "sha" + i, null, "road", "road", 0.9, IssueKind.OK, 0.1,
                decision, 10, 10, 100, 0, Map.of(), List.of());
    }

    private void grid(String... decisions) {
        for (int i = 0; i < decisions.length; i++) {
            shown.add(tile(i, decisions[i]));
        }
    }

    @Test
    void shiftClickSelectsTheRangeFromTheFocusAndCtrlClickTogglesOne() {
        grid(null, null, null, null, null);
        grid.select("road/1.jpg", SelectMode.REPLACE);
        grid.select("road/3.jpg", SelectMode.RANGE);
        assertEquals(List.of("road/1.jpg", "road/2.jpg", "road/3.jpg"), grid.paths());
        grid.select("road/2.jpg", SelectMode.TOGGLE);
        assertEquals(List.of("road/1.jpg", "road/3.jpg"), grid.paths());
        assertEquals(List.of("sha1", "sha3"), grid.selectedTiles().stream().map(ImageTile::sha256).toList());
        assertEquals("sha2", grid.focused().orElseThrow().sha256(), "the focus follows the last click");
    }

    @Test
    void afterADecisionTheFocusSkipsTilesAlreadyDecided() {
        grid(null, null, ReviewLog.KEPT, ReviewLog.MOVED, null);
        grid.focusAt(1);
        grid.focusNextUndecided("sha1");
        assertEquals(4, grid.focusIndex(), "tiles 2 and 3 are decided already");
        assertEquals(List.of("road/4.jpg"), grid.paths());
    }

    @Test
    void theFocusStaysOnTheGridWhenTilesLeaveIt() {
        grid(null, null, null, null, null);
        grid.selectAll();
        grid.focusAt(4);
        grid.selectAll();
        shown.remove(2, 5);
        grid.retainShown();
        assertEquals(List.of("road/0.jpg", "road/1.jpg"), grid.paths(), "tiles no longer shown leave the selection");
        assertEquals(1, grid.focusIndex());
        shown.clear();
        grid.moveFocus(1);
        grid.focusAt(0);
        assertEquals(-1, grid.focusIndex(), "an empty grid has no focus");
        assertTrue(grid.paths().isEmpty());
    }

    @Test
    void aBandAddsToTheKeptSelectionInGridOrder() {
        grid(null, null, null, null, null);
        grid.selectBand(List.of("road/4.jpg"), List.of("road/2.jpg", "road/1.jpg", "gone.jpg"));
        assertEquals(List.of("road/1.jpg", "road/2.jpg", "road/4.jpg"), grid.paths());
        assertEquals(1, grid.focusIndex(), "the focus goes to the first tile under the band");
    }

    @Test
    void focusOnSelectsImagesByContentAfterAnUndo() {
        grid(null, null, null, null, null);
        grid.focusOn(List.of("sha3", "sha1", "not-shown"));
        assertEquals(List.of("road/1.jpg", "road/3.jpg"), grid.paths());
        assertEquals(1, grid.focusIndex());
    }
}
