package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.testing.SampleDatasetCopy;
import dev.loupe.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.ImageView;
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

/**
 * A keyboard-only review pass in the real window over the scored sample dataset, judged by MobileNet 0.25 with
 * the ImageNet weights in ../shared: the first 40 suspects are decided with number keys and K, with a U and an
 * X taken back by Ctrl+Z on the way; afterwards every planted error among them is in its true class on disk.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardPassTest {

    private static final Path WEIGHTS = Shared.mobileNet025();

    @TempDir
    Path root;

    private DatasetViewModel model;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        SampleDatasetCopy.copyTo(root);
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor, (progress, cancel) -> Backbones.open(BackboneSpec.mobileNet(0.25, 224),
                Files.isRegularFile(WEIGHTS) ? Optional.of(WEIGHTS) : Optional.empty(), 42, InferenceBackend.ONNX));
        LoupeApp.show(stage, model);
        model.open(root);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(model::close).get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !model.busyProperty().get() && !model.decisionsPending());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void key(FxRobot robot, KeyCode... codes) {
        for (KeyCode c : codes) {
            robot.press(c);
        }
        for (int i = codes.length - 1; i >= 0; i--) {
            robot.release(codes[i]);
        }
    }

    @Test
    void aKeyboardPassOverTheFirstFortySuspectsMovesEveryPlantedErrorAmongThem(FxRobot robot) throws Exception {
        assumeTrue(Files.isRegularFile(WEIGHTS), "LOUD SKIP: ../shared/weights is missing, so the keyboard pass over "
                + "the scored sample cannot run here (CI has it)");
        GridView<ImageTile> grid = robot.lookup("#grid").query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> grid.getItems().size() == 700);
        robot.clickOn("#scoreButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> model.scoredProperty().get() && !model.busyProperty().get());
        settle();
        Map<String, String> truth = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve("ground-truth.csv")).subList(1, 701)) {
            String[] cells = line.split(",");
            if (cells[4].equals("yes")) {
                truth.put(cells[0], cells[2]);
            }
        }
        List<String> classes = List.of("not-road", "road"); // sidebar order: keys 1 and 2
        List<String> plantedSeen = new ArrayList<>();
        for (int step = 0; step < 40; step++) {
            ImageTile focused = model.focused().orElseThrow();
            assertFalse(focused.reviewed(), "step " + step + ": the focus is on an image not yet decided");
            if (step == 5 || step == 12) {
                key(robot, step == 5 ? KeyCode.U : KeyCode.X); // a slip, taken back
                settle();
                key(robot, KeyCode.CONTROL, KeyCode.Z);
                settle();
                assertEquals(focused.path(), model.focused().orElseThrow().path(), "undo shows the restored image");
            }
            String trueClass = truth.get(focused.path());
            if (trueClass != null) {
                plantedSeen.add(focused.name() + "=" + trueClass);
                key(robot, trueClass.equals(classes.get(0)) ? KeyCode.DIGIT1 : KeyCode.DIGIT2);
            } else {
                key(robot, KeyCode.K);
            }
            settle();
            int focus = model.focusProperty().get();
            for (int i = 0; i < focus; i++) {
                assertTrue(model.images().get(i).reviewed(), "step " + step + ": tile " + i + " was skipped");
            }
        }
        assertTrue(plantedSeen.size() >= 20, "the judge puts planted errors first: " + plantedSeen.size() + " of 40");
        for (String seen : plantedSeen) {
            String[] nameAndClass = seen.split("=");
            assertTrue(Files.exists(root.resolve(nameAndClass[1]).resolve(nameAndClass[0])),
                    nameAndClass[0] + " was moved to " + nameAndClass[1] + " on disk");
        }

        // The grid follows the focus: End shows the last tile, Home the first.
        VirtualFlow<?> flow = (VirtualFlow<?>) grid.lookup(".virtual-flow");
        key(robot, KeyCode.END);
        settle();
        int lastRow = flow.getCellCount() - 1;
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> flow.getLastVisibleCell() != null
                && flow.getLastVisibleCell().getIndex() == lastRow);
        key(robot, KeyCode.HOME);
        settle();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> flow.getFirstVisibleCell().getIndex() == 0);
        key(robot, KeyCode.PAGE_DOWN);
        settle();
        assertTrue(model.focusProperty().get() > 4, "Page Down moves a screen: " + model.focusProperty().get());

        // The loupe: Enter shows the image large in the window, Z shows it 1:1, Esc goes back.
        key(robot, KeyCode.ENTER);
        settle();
        Node loupe = robot.lookup("#loupe").query();
        assertTrue(loupe.isVisible());
        ImageView large = robot.from(loupe).lookup((Node n) -> n instanceof ImageView).query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> large.getImage() != null && large.getImage().getProgress() == 1);
        key(robot, KeyCode.Z);
        settle();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Math.abs(large.getFitWidth() - large.getImage().getWidth()) < 0.5);
        int focusInLoupe = model.focusProperty().get();
        key(robot, KeyCode.ESCAPE);
        settle();
        assertFalse(loupe.isVisible());
        assertEquals(focusInLoupe, model.focusProperty().get(), "back to the grid where the loupe was");
    }
}
