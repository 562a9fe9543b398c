package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window opens on the sample dataset and shows its classes, counts and images. */
@ExtendWith(ApplicationExtension.class)
class MainWindowSmokeTest {

    @TempDir
    static Path copy;

    private DatasetViewModel model;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws IOException {
        dev.loupe.testing.SampleDatasetCopy.copyTo(copy);
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor);
        LoupeApp.show(stage, model);
        model.open(copy);
    }

    @AfterEach
    void stop() throws Exception {
        // On the JavaFX thread, like the app's own stop(): callbacks of background work run there too.
        WaitForAsyncUtils.asyncFx(model::close).get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    @Test
    void opensOnTheSampleDatasetWithBothClassesAndTheirImages(FxRobot robot) throws Exception {
        ListView<ClassSummary> classes = robot.lookup("#classList").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> classes.getItems().size() == 4);
        assertEquals("not-road", classes.getItems().get(0).name());
        assertEquals("road", classes.getItems().get(1).name());
        assertTrue(classes.getItems().subList(0, 2).stream().allMatch(c -> c.count() >= 300));
        assertEquals("_unsure", classes.getItems().get(2).name());

        org.controlsfx.control.GridView<?> grid = robot.lookup("#grid").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> grid.getItems().size() == 700);
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("700 images in 2 classes"));
        assertEquals("Loupe — " + copy.getFileName(), ((Stage) status.getScene().getWindow()).getTitle());
        assertTrue(!robot.lookup("#scoreButton").queryButton().isDisabled(), "an open dataset can be scored");
        assertTrue(!robot.lookup("#startPage").query().isVisible(), "the start page gives way to the grid");

        // A class chosen in the sidebar stays highlighted while decisions change its count.
        robot.interact(() -> classes.getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> grid.getItems().size() == classes.getItems().get(1).count());
        robot.interact(() -> model.select(model.images().get(0).path(), SelectMode.REPLACE));
        robot.interact(model::keepSelection); // the counts stay: the rebuilt list holds equal rows
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.images().get(0).reviewed());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("road", classes.getSelectionModel().getSelectedItem() == null ? null
                : classes.getSelectionModel().getSelectedItem().name(), "after a keep");
        robot.interact(() -> model.moveSelection("_unsure"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> classes.getItems().get(2).count() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("road", classes.getSelectionModel().getSelectedItem().name(),
                "the sidebar still shows which class the grid is limited to");
    }

}
