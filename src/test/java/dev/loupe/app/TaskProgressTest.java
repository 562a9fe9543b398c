package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.ColourFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long work keeps its own progress and Cancel while the annotator goes on deciding; lists stay observed. */
class TaskProgressTest {

    /** Holds tasks until the test runs them, so that two can be in flight at once. */
    static final class HeldTasks implements TaskExecutor {
        private final Deque<BackgroundTask<?>> held = new ArrayDeque<>();
        private final CurrentThreadTaskExecutor runner = new CurrentThreadTaskExecutor();

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            held.add(task);
        }

        /** Runs the task held longest (FIFO) or, with {@code newest}, the latest one. */
        void runOne(boolean newest) {
            BackgroundTask<?> task = newest ? held.pollLast() : held.pollFirst();
            runner.execute(task);
        }

        void runAll() {
            while (!held.isEmpty()) {
                runOne(false);
            }
        }

        @Override
        public void shutdown() {
        }
    }

    @TempDir
    Path root;

    private final HeldTasks tasks = new HeldTasks();
    private final DatasetViewModel model = new DatasetViewModel(tasks, (progress, cancel) -> new ColourFeatures());

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void aMoveDuringLongWorkLeavesItsProgressAndCancel() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        tasks.runAll();
        model.score();
        assertTrue(model.busyProperty().get());
        assertTrue(model.taskTextProperty().get().startsWith("Scoring"), model.taskTextProperty().get());
        model.select(model.images().get(0).path(), SelectMode.REPLACE);
        model.moveSelection("_unsure");
        tasks.runOne(true); // the move finishes while scoring still runs
        assertTrue(model.busyProperty().get(), "Score and Retrain stay disabled while scoring runs");
        assertTrue(model.taskTextProperty().get().startsWith("Scoring"), "scoring keeps its progress line");
        assertTrue(model.messageProperty().get().startsWith("Moved 1 image(s) to _unsure"), model.messageProperty().get());
        tasks.runAll();
        assertFalse(model.busyProperty().get());
        assertEquals("", model.taskTextProperty().get());
    }

    @Test
    void cancellingScoringFromTheWindowStopsItAndSaysWhatIsKept() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        tasks.runAll();
        model.score();
        model.cancel(); // the status bar's Cancel, before the work got far
        tasks.runAll();
        assertFalse(model.busyProperty().get());
        assertFalse(model.scoredProperty().get());
        assertTrue(model.messageProperty().get().startsWith("Scoring cancelled; features computed so far are kept"),
                model.messageProperty().get());
        assertEquals("", model.taskTextProperty().get(), "no stale progress line");
    }

    @Test
    void anInt8ExportShowsItsStepsAndCancelLeavesTheFolderEmpty() throws Exception {
        for (int i = 0; i < 40; i++) {
            dev.loupe.testing.TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"),
                    "png", 40, 30, i);
        }
        assertEquals(0, dev.loupe.Main.run("retrain", root.toString(), "--backbone", "mobilenet-0.25-128",
                "--weights", "none", "--testing-percentage", "20"));
        model.open(root);
        tasks.runAll();
        java.util.List<String> steps = new java.util.ArrayList<>();
        model.taskTextProperty().addListener((obs, old, now) -> {
            steps.add(now);
            if (now.contains("Correcting biases: convolution 3 ")) {
                model.cancel(); // the status bar's Cancel, in the middle of the bias correction
            }
        });
        Path to = root.getParent().resolve(root.getFileName() + "-int8");
        model.roundsModel().exportRoundModel(1, to, dev.loupe.export.ModelExport.Format.ONNX_INT8);
        assertTrue(model.busyProperty().get());
        tasks.runAll();
        assertTrue(steps.stream().anyMatch(s -> s.contains("Measuring activation ranges")), steps.toString());
        assertTrue(steps.stream().noneMatch(s -> s.contains("convolution 5 ")), "stopped soon after: " + steps);
        assertFalse(model.busyProperty().get());
        assertTrue(model.messageProperty().get().startsWith("Model export cancelled; nothing was written"),
                model.messageProperty().get());
        if (Files.exists(to)) {
            try (java.util.stream.Stream<Path> files = Files.list(to)) {
                assertEquals(0, files.count(), "nothing in " + to);
            }
        }
    }

    @Test
    void decisionsPressedFasterThanMovesFinishRunInOrder() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        model.open(root);
        tasks.runAll();
        String first = model.images().get(0).path();
        model.select(first, SelectMode.REPLACE);
        model.moveSelection("_unsure");
        model.keepSelection(); // pressed before the move finished: waits for it, then keeps the next image
        tasks.runAll();
        assertTrue(model.images().get(0).reviewed());
        assertTrue(model.images().get(1).reviewed(), "the second key acted on the next image, not the moved one");
        assertEquals(2, model.focusProperty().get());
    }

    @Test
    void aListenerOnTheRoundsHearsOfARoundAfterAGarbageCollection() throws Exception {
        DatasetViewModelTest.colourDataset(root);
        DatasetViewModel trainer = new DatasetViewModel(new CurrentThreadTaskExecutor(), (p, c) ->
                dev.loupe.engine.Backbones.open(dev.loupe.engine.BackboneSpec.mobileNet(0.25, 128),
                        java.util.Optional.empty(), 1, dev.loupe.engine.InferenceBackend.ONNX));
        try {
            trainer.open(root);
            int[] rounds = {0};
            // As the Rounds tab's chart does: listen to the list the model hands out, keep no reference to it.
            trainer.roundsModel().rounds().addListener((javafx.collections.ListChangeListener<dev.loupe.rounds.RoundRecord>) c ->
                    rounds[0] = trainer.roundsModel().rounds().size());
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            trainer.roundsModel().retrain(dev.loupe.rounds.RetrainConfig.defaults(""));
            assertEquals(1, rounds[0], "the chart's listener still fires after a garbage collection");
        } finally {
            trainer.close();
        }
    }

    @Test
    void progressLinesSayHowFarHowFastAndHowLongIsLeft() {
        assertEquals("Featurizing · 340 of 700 · 85/s · about 4 s left",
                ProgressText.of("Featurizing", 340, 700, Duration.ofSeconds(4)));
        assertEquals("Scanning", ProgressText.of("Scanning", 0, -1, Duration.ofSeconds(1)));
        assertEquals("Training · 3 of 120 · 0.5/s · about 4 min left",
                ProgressText.of("Training", 3, 120, Duration.ofSeconds(6)));
    }
}
