package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window with no dataset: the start page, and a toolbar that offers nothing it cannot do. */
@ExtendWith(ApplicationExtension.class)
class StartPageWindowTest {

    private DatasetViewModel model;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor);
        LoupeApp.show(stage, model);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(model::close).get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    @Test
    void startPageShowsAndTheToolbarWaitsForADataset(FxRobot robot) {
        assertTrue(robot.lookup("#startPage").query().isVisible());
        assertTrue(robot.lookup("#startOpen").queryButton().isVisible());
        Button score = robot.lookup("#scoreButton").queryButton();
        assertTrue(score.isDisabled(), "Score with no dataset would do nothing");
        assertTrue(robot.lookup("#queueChoice").query().isDisabled());
        assertFalse(robot.lookup("#startSample").queryButton().isDisabled());
    }
}
