package dev.loupe.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.engine.TrainedModel;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundRunnerTest {

    private static FeatureExtractor backbone;

    @TempDir
    Path root;

    @BeforeAll
    static void open() {
        backbone = Backbones.open(BackboneSpec.mobileNet(0.25, 128), Optional.empty(), 3, InferenceBackend.ONNX);
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @BeforeEach
    void dataset() {
        for (int i = 0; i < 60; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
    }

    private RoundRunner.Result round(OpenedDataset ds) {
        return new RoundRunner().run(ds, backbone, RetrainConfig.defaults("mobilenet-0.25-128"), s -> { },
                ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void aRoundSavesABundleThatClassifiesAndRecordsItsMetrics() {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            RoundRunner.Result result = round(ds);
            assertEquals(1, result.record().round());
            RoundMetrics m = result.metrics();
            assertEquals(60, m.trainImages() + m.validationImages() + m.testImages());
            long tested = 0;
            for (long[] row : m.confusion()) {
                for (long v : row) {
                    tested += v;
                }
            }
            assertEquals(m.testImages(), tested);
            try (TrainedModel model = TrainedModel.load(result.bundle())) {
                assertEquals(List.of("a", "b"), model.classes());
                assertEquals(m.testAccuracy(), (double) model.info().metrics().get("test_accuracy"), 1e-9);
            }
        }
    }

    @Test
    void theSameDataAndSeedGiveTheSameRound() {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            RoundMetrics first = round(ds).metrics();
            RoundMetrics second = round(ds).metrics();
            assertEquals(first.testAccuracy(), second.testAccuracy());
            assertEquals(first.validationAccuracy(), second.validationAccuracy());
        }
    }

    @Test
    void historySurvivesReopeningAndTheDiffNamesRelabelledImages() {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            round(ds);
            ds.journal().move(List.of("a/0.png", "a/2.png"), "b", MoveReason.manual());
            ds.journal().move(List.of("b/0.png"), "a", MoveReason.manual());
        }
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            RoundRunner.Result second = round(ds);
            assertEquals(1, second.record().labelsChanged(), "a/0 went to b and back; only a/2 changed");
            RoundHistory history = new RoundHistory(ds.catalog());
            assertEquals(2, history.rounds().size());
            RoundDiff diff = history.diff(1, 2, ds.journal().moveCounts());
            assertEquals(List.of(new RoundDiff.Change("b/2.png", "a", "b")), diff.relabelled());
            assertEquals(List.of("a/0.png"), diff.backAndForth());
        }
    }

    @Test
    void excludedImagesNeverTrainAndNeverMoveBetweenSplits() {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            Map<String, RoundHistory.ImageState> before;
            round(ds);
            before = new RoundHistory(ds.catalog()).images(1);
            ds.journal().move(List.of("a/4.png", "a/6.png"), "_excluded", MoveReason.manual());
            ds.journal().move(List.of("a/8.png"), "b", MoveReason.manual());
            RoundRunner.Result second = round(ds);
            assertEquals(58, second.record().images());
            Map<String, RoundHistory.ImageState> after = new RoundHistory(ds.catalog()).images(2);
            assertEquals(58, after.size());
            after.forEach((sha, state) -> assertEquals(before.get(sha).part(), state.part(), "split moved"));
        }
        assertTrue(Files.exists(root.resolve("_excluded/4.png")));
    }
}
