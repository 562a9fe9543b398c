package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The embeddings map without a screen: red and blue pictures lie apart, a lasso picks exactly the points inside
 * it and the decisions act on them as one undo step, a click focuses the image in the grid, zoom keeps the point
 * under the pointer, and the drawn pixels show folder colours, suspect rings and the selection.
 */
class FeatureMapTest extends HeadlessWindowTest {
    private final MapModel map = model.mapModel();

    private void openScoredMap() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        map.resize(800, 600);
        map.setActive(true);
        assertEquals(0, map.size());
        assertTrue(map.noticeProperty().get().startsWith("Score the dataset"), map.noticeProperty().get());
        model.score();
    }

    private static boolean red(ImageTile t) {
        return t.name().startsWith("r");
    }

    /** A rectangle round every red point, as a lasso would be drawn. */
    private double[][] boxRoundRed() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < map.size(); i++) {
            if (red(map.tile(i))) {
                minX = Math.min(minX, map.screenX(i));
                maxX = Math.max(maxX, map.screenX(i));
                minY = Math.min(minY, map.screenY(i));
                maxY = Math.max(maxY, map.screenY(i));
            }
        }
        return new double[][] {{minX - 2, maxX + 2, maxX + 2, minX - 2}, {minY - 2, minY - 2, maxY + 2, maxY + 2}};
    }

    @Test
    void everyImageIsAPointAndLookAlikesLieTogether() throws Exception {
        openScoredMap();
        assertEquals(43, map.size(), "one point per image");
        assertEquals("", map.noticeProperty().get());
        Map<String, Integer> legend = map.legend().stream()
                .collect(Collectors.toMap(MapModel.LegendEntry::name, MapModel.LegendEntry::count));
        assertEquals(Map.of("road", 20, "not-road", 23, "_unsure", 0, "_excluded", 0), legend);
        for (int i = 0; i < map.size(); i++) {
            assertTrue(map.screenX(i) >= 0 && map.screenX(i) <= 800 && map.screenY(i) >= 0 && map.screenY(i) <= 600,
                    "fitted: every point on screen");
        }
        double[][] box = boxRoundRed();
        List<ImageTile> inside = map.inside(box[0], box[1]);
        assertEquals(23, inside.size(), "the red pictures, the three misfiled ones among them, and no blue one: "
                + inside.stream().map(ImageTile::path).toList());
        assertTrue(inside.stream().allMatch(FeatureMapTest::red));
    }

    @Test
    void theNeighbourLayoutRedrawsTheMapAndKeepsTheRedPicturesTogether() throws Exception {
        openScoredMap();
        double before = map.screenX(0);
        map.layoutProperty().set(MapModel.Layout.NEIGHBOURS);
        assertEquals(43, map.size(), "the same images");
        assertTrue(Math.abs(map.screenX(0) - before) > 1e-6, "laid out afresh");
        double[][] box = boxRoundRed();
        assertTrue(map.inside(box[0], box[1]).stream().allMatch(FeatureMapTest::red),
                "the red pictures still lie apart from the blue ones");
        map.layoutProperty().set(MapModel.Layout.COMPONENTS);
        assertEquals(before, map.screenX(0), 1e-6, "back to the principal components");
    }

    @Test
    void aLassoPicksThePointsInsideItAndOneDecisionMovesThemAllWithOneUndo() throws Exception {
        openScoredMap();
        // A triangle: the points inside are exactly those the even-odd rule puts there.
        double[] px = {100, 700, 150};
        double[] py = {50, 300, 580};
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < map.size(); i++) {
            if (insideTriangle(map.screenX(i), map.screenY(i), px, py)) {
                expected.add(map.tile(i).path());
            }
        }
        assertEquals(expected, map.inside(px, py).stream().map(ImageTile::path).collect(Collectors.toSet()));

        double[][] box = boxRoundRed();
        model.queueProperty().set(Queue.SUSPECTS);
        assertEquals(23, map.lasso(box[0], box[1], false));
        assertEquals(Queue.PICKED, model.queueProperty().get());
        Set<String> shown = model.images().stream().map(ImageTile::path).collect(Collectors.toSet());
        assertEquals(23, shown.size(), "the grid shows the picked images: " + shown);
        assertEquals(shown, Set.copyOf(model.selection()), "all of them selected");
        assertTrue(model.messageProperty().get().startsWith("23 image(s) picked"), model.messageProperty().get());

        model.moveSelection("road");
        for (String p : DatasetViewModelTest.PLANTED) {
            assertTrue(Files.exists(root.resolve(p.replace("not-road/", "road/"))), "moved: " + p);
        }
        assertEquals(Queue.PICKED, model.queueProperty().get(), "the picked images stay on screen after the move");
        assertEquals(23, model.images().size());
        int roadPoints = map.legend().stream().filter(e -> e.name().equals("road")).findFirst().orElseThrow().count();
        assertEquals(23, roadPoints, "the map recolours after the move");
        model.undo();
        for (String p : DatasetViewModelTest.PLANTED) {
            assertTrue(Files.exists(root.resolve(p)), "one undo brings every picked image back: " + p);
        }

        // Shift: the next lasso adds to the pick.
        int blue = indexOf(t -> !red(t));
        double bx = map.screenX(blue);
        double by = map.screenY(blue);
        map.lasso(new double[] {bx - 1, bx + 1, bx + 1, bx - 1}, new double[] {by - 1, by - 1, by + 1, by + 1}, true);
        assertTrue(model.images().size() > 23 && model.images().stream().anyMatch(t -> t.path().equals(map.tile(blue).path())),
                "added to the earlier pick");
    }

    @Test
    void aClickFocusesTheImageInTheGridEvenWhenTheQueueHidItAndZoomKeepsThePointUnderThePointer() throws Exception {
        openScoredMap();
        model.queueProperty().set(Queue.SUSPECTS);
        int blue = indexOf(t -> !red(t) && !t.suspect());
        String path = map.tile(blue).path();
        assertFalse(model.images().stream().anyMatch(t -> t.path().equals(path)), "not a suspect: not in the queue");
        assertTrue(map.click(map.screenX(blue) + 2, map.screenY(blue) - 2));
        assertEquals(Queue.ALL, model.queueProperty().get());
        assertEquals(List.of(path), model.selection());
        assertEquals(path, model.focused().orElseThrow().path());
        assertFalse(map.click(-50, -50), "a click on empty space selects nothing");

        double sx = map.screenX(blue);
        double sy = map.screenY(blue);
        map.zoomAt(3, sx, sy);
        assertEquals(3, map.zoom(), 1e-9);
        assertEquals(sx, map.screenX(blue), 1e-6);
        assertEquals(sy, map.screenY(blue), 1e-6);
        map.panBy(10, -5);
        assertEquals(sx + 10, map.screenX(blue), 1e-6);
        assertEquals(sy - 5, map.screenY(blue), 1e-6);
        map.fit();
        assertEquals(1, map.zoom(), 1e-9);
    }

    @Test
    void thePictureShowsFolderColoursSuspectRingsAndTheSelection() throws Exception {
        openScoredMap();
        int[] pixels = new int[800 * 600];
        model.select("not-road/red-a.png", SelectMode.REPLACE);
        map.render(pixels, 800, 600);
        int misfiled = indexOf(t -> t.path().equals("not-road/red-b.png"));
        assertTrue(map.tile(misfiled).suspect());
        int notRoad = map.legend().stream().filter(e -> e.name().equals("not-road")).findFirst().orElseThrow().argb();
        int road = map.legend().stream().filter(e -> e.name().equals("road")).findFirst().orElseThrow().argb();
        assertTrue(road != notRoad);
        int selected = indexOf(t -> t.path().equals("not-road/red-a.png"));
        int r = map.dotRadius();
        assertEquals(2, r, "5x5 dots for a small dataset");
        assertEquals(MapRaster.SELECTED_RING, pixel(pixels, map.screenX(selected), map.screenY(selected), r + 3),
                "the selected image has a thick ring (drawn on top of the rest)");
        assertEquals(MapRaster.SELECTED_RING, pixel(pixels, map.screenX(selected), map.screenY(selected), r + 2));
        assertEquals(0xFFFFFFFF, pixel(pixels, map.screenX(selected), map.screenY(selected), r + 1));
        assertEquals(notRoad, pixel(pixels, map.screenX(selected), map.screenY(selected), 0));

        // Zoomed far in on one plain road point, its neighbours move away: a dot in its folder's colour.
        int plain = indexOf(t -> t.label().equals("road"));
        map.zoomAt(1000, map.screenX(plain), map.screenY(plain));
        model.select(map.tile(plain).path(), SelectMode.TOGGLE);
        model.select(map.tile(plain).path(), SelectMode.TOGGLE); // the selection is empty again
        assertTrue(model.selection().isEmpty() || !model.selection().contains(map.tile(plain).path()));
        map.render(pixels, 800, 600);
        assertTrue(!overlaps(map.tile(plain)), "zoomed in, no other point is near");
        assertEquals(road, pixel(pixels, map.screenX(plain), map.screenY(plain), 0));
        int zoomed = map.dotRadius();
        assertEquals(3, zoomed, "larger dots zoomed in");
        assertEquals(road, pixel(pixels, map.screenX(plain), map.screenY(plain), zoomed));
        assertEquals(MapRaster.BACKGROUND, pixel(pixels, map.screenX(plain), map.screenY(plain), zoomed + 2),
                "a small dot (with a ring if a suspect), nothing further out");
        map.zoomAt(1, map.screenX(misfiled), map.screenY(misfiled));
        map.panBy(400 - map.screenX(misfiled), 300 - map.screenY(misfiled));
        map.render(pixels, 800, 600);
        if (!overlaps(map.tile(misfiled))) {
            assertEquals(MapRaster.RING, pixel(pixels, map.screenX(misfiled), map.screenY(misfiled), map.dotRadius() + 1),
                    "a suspect not yet decided is ringed");
        }
    }

    /** Whether another point lies within 8 pixels of {@code t}'s (its dot could cover the pixels looked at). */
    private boolean overlaps(ImageTile t) {
        int i = indexOf(x -> x.path().equals(t.path()));
        for (int j = 0; j < map.size(); j++) {
            if (j != i && Math.hypot(map.screenX(j) - map.screenX(i), map.screenY(j) - map.screenY(i)) < 8) {
                return true;
            }
        }
        return false;
    }

    private static int pixel(int[] pixels, double x, double y, int right) {
        return pixels[(int) Math.round(y) * 800 + (int) Math.round(x) + right];
    }

    private int indexOf(java.util.function.Predicate<ImageTile> test) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < map.size(); i++) {
            if (test.test(map.tile(i))) {
                found.add(i);
            }
        }
        assertFalse(found.isEmpty(), "no such point");
        return found.get(0);
    }

    private static boolean insideTriangle(double x, double y, double[] px, double[] py) {
        double d1 = (x - px[1]) * (py[0] - py[1]) - (px[0] - px[1]) * (y - py[1]);
        double d2 = (x - px[2]) * (py[1] - py[2]) - (px[1] - px[2]) * (y - py[2]);
        double d3 = (x - px[0]) * (py[2] - py[0]) - (px[2] - px[0]) * (y - py[0]);
        boolean negative = d1 < 0 || d2 < 0 || d3 < 0;
        boolean positive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(negative && positive);
    }
}
