package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.ColourFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** End to end in the real window: score, review suspects by drag-and-drop and keyboard, undo. */
@ExtendWith(ApplicationExtension.class)
class ReviewFlowTest {

    @TempDir
    Path root;

    @TempDir
    Path exports;

    private DatasetViewModel model;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        DatasetViewModelTest.colourDataset(root);
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor, (progress, cancel) -> new ColourFeatures());
        LoupeApp.show(stage, model);
        model.open(root);
    }

    @AfterEach
    void stop() throws Exception {
        // On the JavaFX thread, like the app's own stop(): callbacks of background work run there too.
        WaitForAsyncUtils.asyncFx(model::close).get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    private GridView<ImageTile> grid(FxRobot robot) {
        return robot.lookup("#grid").query();
    }

    /** A node by id; "tile-NAME" is the grid cell showing the file NAME. */
    private static Node byId(FxRobot robot, String id) {
        if (id.startsWith("tile-")) {
            String name = id.substring("tile-".length());
            return robot.lookup(n -> name.equals(n.getProperties().get(MainView.TILE_NAME))).query();
        }
        return robot.lookup(n -> id.equals(n.getId())).query();
    }

    private void scoreFromTheToolbar(FxRobot robot) throws Exception {
        GridView<ImageTile> grid = grid(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.getItems().size() == 43);
        robot.clickOn("#scoreButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.scoredProperty().get() && !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void dragASuspectOntoItsClassThenUndo(FxRobot robot) throws Exception {
        scoreFromTheToolbar(robot);
        List<String> top = grid(robot).getItems().subList(0, 3).stream().map(ImageTile::path).toList();
        assertEquals(DatasetViewModelTest.PLANTED, Set.copyOf(top));
        String first = top.get(0);
        String name = first.substring(first.indexOf('/') + 1);

        robot.drag(byId(robot, "tile-" + name)).dropTo(byId(robot, "class-road"));
        waitIdle();
        assertTrue(Files.exists(root.resolve("road/" + name)), "moved on disk");
        assertFalse(Files.exists(root.resolve(first)));

        robot.press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        waitIdle();
        assertTrue(Files.exists(root.resolve(first)), "back after Ctrl+Z");
        assertFalse(Files.exists(root.resolve("road/" + name)));
    }

    @Test
    void keyboardReviewPass(FxRobot robot) throws Exception {
        scoreFromTheToolbar(robot);
        String first = grid(robot).getItems().get(0).path();
        String name = first.substring(first.indexOf('/') + 1);
        robot.clickOn(byId(robot, "tile-" + name));
        robot.type(KeyCode.DIGIT2); // class 2 in the sidebar: road
        waitIdle();
        assertTrue(Files.exists(root.resolve("road/" + name)));
        String next = model.selection().get(0);
        robot.type(KeyCode.K);
        waitIdle();
        assertTrue(model.images().stream().filter(t -> t.path().equals(next)).allMatch(ImageTile::reviewed));
        robot.type(KeyCode.U);
        waitIdle();
        assertEquals(1, model.classes().stream().filter(c -> c.name().equals("_unsure")).findFirst().orElseThrow().count());
    }

    @Test
    void exportFromTheFileMenuWritesTheCleanedDataset(FxRobot robot) throws Exception {
        GridView<ImageTile> grid = grid(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.getItems().size() == 43);
        Path out = exports.resolve("clean");
        robot.clickOn("File").clickOn("#exportMenu");
        robot.clickOn("#exportTarget").write(out.toString());
        robot.clickOn("#exportConfirm");
        waitIdle();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(out.resolve("manifest.csv")));
        assertEquals(20, Files.readAllLines(out.resolve("manifest.csv")).stream()
                .filter(l -> l.startsWith("road/")).count());
        assertTrue(model.messageProperty().get().startsWith("Exported 43 images"), model.messageProperty().get());
    }

    @Test
    void aFailedExportKeepsTheDialogOpenWithItsReasonAndOptions(FxRobot robot) throws Exception {
        GridView<ImageTile> grid = grid(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.getItems().size() == 43);
        Path busy = Files.createDirectories(exports.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "mine");
        robot.clickOn("File").clickOn("#exportMenu");
        robot.clickOn("#exportTarget").write(busy.toString());
        robot.clickOn("#exportSplit");
        robot.clickOn("#exportConfirm");
        waitIdle();
        javafx.scene.control.Label problem = robot.lookup("#exportError").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> problem.getText().contains("is not empty"));
        javafx.scene.control.CheckBox split = robot.lookup("#exportSplit").query();
        assertTrue(split.isSelected(), "the options are kept");
        javafx.scene.control.TextField target = robot.lookup("#exportTarget").query();
        robot.clickOn(target).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(exports.resolve("fresh").toString());
        robot.clickOn("#exportConfirm");
        waitIdle();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(exports.resolve("fresh/manifest.csv")));
        assertTrue(Files.isDirectory(exports.resolve("fresh/train")), "exported with the kept split option");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#exportError").tryQuery().isEmpty());
        assertEquals("mine", Files.readString(busy.resolve("keep.txt")));
    }

    @Test
    void multiSelectionDragMovesEveryImage(FxRobot robot) throws Exception {
        scoreFromTheToolbar(robot);
        List<String> top = grid(robot).getItems().subList(0, 2).stream().map(ImageTile::path).toList();
        String a = top.get(0).substring(top.get(0).indexOf('/') + 1);
        String b = top.get(1).substring(top.get(1).indexOf('/') + 1);
        robot.clickOn(byId(robot, "tile-" + a));
        robot.press(KeyCode.CONTROL).clickOn(byId(robot, "tile-" + b)).release(KeyCode.CONTROL);
        assertEquals(2, model.selection().size());
        robot.drag(byId(robot, "tile-" + b)).dropTo(byId(robot, "class-road"));
        waitIdle();
        assertTrue(Files.exists(root.resolve("road/" + a)));
        assertTrue(Files.exists(root.resolve("road/" + b)));
    }

    /** Waits until the grid shows the whole 43-image dataset and returns its tiles. */
    private List<ImageTile> allTilesShown(FxRobot robot) throws Exception {
        GridView<ImageTile> grid = grid(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.getItems().size() == 43 && !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return List.copyOf(grid.getItems());
    }

    /** Tiles per grid row, counted on screen. */
    private static int columns(FxRobot robot, List<ImageTile> items) {
        double top = boxOf(robot, items.get(0)).getMinY();
        int columns = 1;
        while (Math.abs(boxOf(robot, items.get(columns)).getMinY() - top) < 1) {
            columns++;
        }
        return columns;
    }

    /** The tile's picture-and-labels box, in screen coordinates. */
    private static javafx.geometry.Bounds boxOf(FxRobot robot, ImageTile tile) {
        Node cell = byId(robot, "tile-" + tile.name());
        Node box = cell.lookup(".tile-box");
        return box.localToScreen(box.getBoundsInLocal());
    }

    /** A primary-button mouse event at a screen point, fired at {@code target} on the JavaFX thread. */
    private static void mouse(FxRobot robot, Node target, javafx.event.EventType<javafx.scene.input.MouseEvent> type,
                              javafx.geometry.Point2D screen, boolean ctrl) {
        robot.interact(() -> {
            javafx.geometry.Point2D scene = target.getScene().getRoot().screenToLocal(screen);
            boolean down = type != javafx.scene.input.MouseEvent.MOUSE_RELEASED;
            javafx.scene.input.MouseEvent event = new javafx.scene.input.MouseEvent(target, target, type, scene.getX(),
                    scene.getY(), screen.getX(), screen.getY(), javafx.scene.input.MouseButton.PRIMARY, 1, false, ctrl,
                    false, false, down, false, false, false, false, type == javafx.scene.input.MouseEvent.MOUSE_PRESSED,
                    new javafx.scene.input.PickResult(target, scene.getX(), scene.getY()));
            javafx.event.Event.fireEvent(target, event);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void rubberBandFromEmptySpaceSelectsTheTilesItTouches(FxRobot robot) throws Exception {
        List<ImageTile> items = allTilesShown(robot);
        javafx.geometry.Bounds first = boxOf(robot, items.get(0));
        javafx.geometry.Bounds second = boxOf(robot, items.get(1));
        int columns = columns(robot, items);
        assertTrue(columns >= 2 && second.getMinX() - first.getMaxX() > 2, "tiles need a gap between them");
        // From the gap between the first two tiles of the top row to the middle of the second tile of the next row.
        javafx.geometry.Point2D gap = new javafx.geometry.Point2D((first.getMaxX() + second.getMinX()) / 2,
                first.getMinY() + 30);
        javafx.geometry.Bounds below = boxOf(robot, items.get(1 + columns));
        // Mouse events are fired at the grid rather than through Monocle's robot: a robot press-drag that starts
        // no drag-and-drop leaves Monocle's drag state broken for the tests after it.
        Node target = robot.lookup("#grid").query();
        javafx.geometry.Point2D end = new javafx.geometry.Point2D(below.getCenterX(), below.getCenterY());
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_PRESSED, gap, false);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_DRAGGED, gap.midpoint(end), false);
        assertTrue(robot.lookup("#rubberBand").query().isVisible(), "the band is drawn while dragging");
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_DRAGGED, end, false);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_RELEASED, end, false);
        assertEquals(List.of(items.get(1).path(), items.get(1 + columns).path()), List.copyOf(model.selection()));
        assertFalse(robot.lookup("#rubberBand").query().isVisible());
        assertTrue(Files.exists(root.resolve(items.get(1).path())), "a rubber band moves nothing");
        // Ctrl+band adds to the selection; a click on empty space clears it.
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_PRESSED, gap, true);
        javafx.geometry.Bounds firstBelow = boxOf(robot, items.get(columns));
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_DRAGGED,
                new javafx.geometry.Point2D(firstBelow.getCenterX(), firstBelow.getCenterY()), true);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_RELEASED,
                new javafx.geometry.Point2D(firstBelow.getCenterX(), firstBelow.getCenterY()), true);
        assertEquals(Set.of(items.get(0).path(), items.get(1).path(), items.get(columns).path(),
                items.get(1 + columns).path()), Set.copyOf(model.selection()));
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_PRESSED, gap, false);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_RELEASED, gap, false);
        assertTrue(model.selection().isEmpty(), "a click on empty space clears the selection");
    }

    @Test
    void rubberBandHeldBelowTheGridScrollsItAndSelectsTilesThatWereOutOfView(FxRobot robot) throws Exception {
        List<ImageTile> items = allTilesShown(robot);
        javafx.geometry.Bounds first = boxOf(robot, items.get(0));
        javafx.geometry.Bounds second = boxOf(robot, items.get(1));
        int columns = columns(robot, items);
        double pitch = boxOf(robot, items.get(columns)).getMinY() - first.getMinY();
        Node target = robot.lookup("#grid").query();
        javafx.geometry.Bounds gridOnScreen = target.localToScreen(target.getBoundsInLocal());
        int rows = (items.size() + columns - 1) / columns;
        assertTrue(rows * pitch > gridOnScreen.getHeight() + 2 * pitch, "the grid must need scrolling");
        List<String> secondColumn = new ArrayList<>();
        for (int i = 1; i < items.size(); i += columns) {
            secondColumn.add(items.get(i).path());
        }

        // From the gap right of the first tile down past the grid's bottom edge, and hold there.
        javafx.geometry.Point2D gap = new javafx.geometry.Point2D((first.getMaxX() + second.getMinX()) / 2,
                first.getMinY() + 30);
        javafx.geometry.Point2D below = new javafx.geometry.Point2D(second.getCenterX(), gridOnScreen.getMaxY() + 20);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_PRESSED, gap, false);
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_DRAGGED, below, false);
        String last = secondColumn.get(secondColumn.size() - 1);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.selection().contains(last));
        mouse(robot, target, javafx.scene.input.MouseEvent.MOUSE_RELEASED, below, false);

        // Every tile of the second column, from the top row (scrolled out of view) to the last.
        assertEquals(secondColumn, List.copyOf(model.selection()));
        javafx.scene.control.skin.VirtualFlow<?> flow =
                (javafx.scene.control.skin.VirtualFlow<?>) target.lookup(".virtual-flow");
        assertTrue(flow.getFirstVisibleCell().getIndex() > 0, "the grid scrolled down");
    }
}
