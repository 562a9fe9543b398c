package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.rounds.RoundRecord;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A head-only round launched from the Retrain dialog appears as a new row of the Rounds view. */
@ExtendWith(ApplicationExtension.class)
class RetrainFlowTest {

    @TempDir
    Path root;

    private DatasetViewModel model;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        DatasetViewModelTest.colourDataset(root);
        executor = new FxTaskExecutor();
        model = new DatasetViewModel(executor, (progress, cancel) ->
                Backbones.open(BackboneSpec.mobileNet(0.25, 128), Optional.empty(), 1, InferenceBackend.ONNX));
        model.roundsModel().setComparisonOpener((spec, progress, cancel) -> Backbones.open(spec, Optional.empty(), 1,
                InferenceBackend.ONNX));
        LoupeApp.show(stage, model);
        model.open(root);
    }

    @AfterEach
    void stop() throws Exception {
        // On the JavaFX thread, like the app's own stop(): callbacks of background work run there too.
        WaitForAsyncUtils.asyncFx(model::close).get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    @Test
    void headOnlyRoundFromTheDialogAddsARow(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.images().size() == 43 && !model.busyProperty().get());
        robot.clickOn("Rounds");
        TableView<RoundRecord> table = robot.lookup("#roundsTable").queryTableView();
        assertEquals(0, table.getItems().size());
        robot.clickOn("#retrainButton");
        robot.clickOn("#retrainConfirm");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 1 && !model.busyProperty().get());
        RoundRecord row = table.getItems().get(0);
        assertEquals(1, row.round());
        assertEquals("head-only", row.mode());
        assertTrue(model.messageProperty().get().startsWith("Round 1: test accuracy"), model.messageProperty().get());
        javafx.scene.chart.LineChart<Number, Number> chart = robot.lookup("#accuracyChart").query();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, chart.getData().get(0).getData().size(), "round 1 is plotted");
        javafx.scene.chart.NumberAxis rounds = (javafx.scene.chart.NumberAxis) chart.getXAxis();
        assertEquals(1.0, rounds.getTickUnit(), "whole rounds on the axis");
        assertEquals("1", rounds.getTickLabelFormatter().toString(1));
        assertEquals("", rounds.getTickLabelFormatter().toString(0.5));
        javafx.scene.control.Label hint = robot.lookup("#trainingChartHint").query();
        assertTrue(hint.isVisible() && hint.getText().contains("Head-only rounds"),
                "the empty training chart says why it is empty");

        // After a garbage collection the chart still hears of the next round.
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        robot.clickOn("#retrainButton");
        robot.clickOn("#retrainConfirm");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 2 && !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, chart.getData().get(0).getData().size(), "round 2 gets its point too");
        assertEquals(3.0, rounds.getUpperBound(), "the axis reaches past the last round");
    }

    @Test
    void comparisonFromTheDialogFillsTheTableRowByRowWithoutAddingRounds(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.images().size() == 43 && !model.busyProperty().get());
        robot.clickOn("Rounds");
        robot.clickOn("#compareButton");
        robot.clickOn("#compare-mobilenet-1_0-224"); // selected by default; keep the test quick
        robot.clickOn("#compareOther").write("mobilenet-0.5-128");
        robot.clickOn("#compareConfirm");
        TableView<dev.loupe.rounds.ArchitectureComparison.Row> table = robot.lookup("#comparisonTable").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 4
                && model.messageProperty().get().startsWith("Compared"));
        // Each MobileNet, then its int8 model: the deployment table of the seed, smaller and on the same images.
        assertEquals(List.of("mobilenet-0.25-128", "mobilenet-0.25-128 int8", "mobilenet-0.5-128",
                "mobilenet-0.5-128 int8"), table.getItems().stream().map(r -> r.architecture()).toList());
        assertEquals(table.getItems().get(0).testImages(), table.getItems().get(2).testImages());
        assertEquals(table.getItems().get(0).testImages(), table.getItems().get(1).testImages());
        assertTrue(table.getItems().get(2).modelBytes() > table.getItems().get(0).modelBytes());
        assertTrue(table.getItems().get(1).modelBytes() < table.getItems().get(0).modelBytes() / 2);
        assertTrue(robot.lookup("#comparisonPane").<javafx.scene.control.TitledPane>query().isExpanded());
        assertTrue(model.messageProperty().get().startsWith("Compared 2 architecture(s) and their int8 models on the same "),
                model.messageProperty().get());
        assertTrue(model.roundsModel().comparisonMarkdown().contains("| mobilenet-0.5-128 | random |"), model.roundsModel().comparisonMarkdown());
        assertEquals(0, model.roundsModel().rounds().size());
    }
}
