package dev.loupe.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.CancelledException;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureComparisonTest {

    @TempDir
    Path root;

    private final ArchitectureComparison.Opener opener = (spec, progress, cancel) ->
            Backbones.open(spec, Optional.empty(), 5, InferenceBackend.ONNX);
    private final ArchitectureComparison comparison = new ArchitectureComparison(opener, false);

    private OpenedDataset dataset() {
        for (int i = 0; i < 40; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        return OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void everyArchitectureIsTestedOnTheSameImagesAndNothingJoinsTheHistory() {
        List<ArchitectureComparison.Row> reported = new ArrayList<>();
        try (OpenedDataset ds = dataset()) {
            List<ArchitectureComparison.Row> rows = comparison.compare(ds,
                    List.of(BackboneSpec.mobileNet(0.25, 128), BackboneSpec.mobileNet(0.5, 128)), 10, 20, 42,
                    reported::add, ProgressListener.NONE, CancellationToken.none());
            assertEquals(rows, reported);
            assertEquals(List.of("mobilenet-0.25-128", "mobilenet-0.5-128"),
                    rows.stream().map(ArchitectureComparison.Row::architecture).toList());
            assertEquals(rows.get(0).testImages(), rows.get(1).testImages());
            assertTrue(rows.get(0).testImages() >= 4, "20% of 40 images: " + rows.get(0).testImages());
            assertTrue(rows.get(1).modelBytes() > 2 * rows.get(0).modelBytes(), "0.5 has ~3x the parameters of 0.25");
            assertTrue(rows.get(0).featurizeImagesPerSecond() > 0);
            assertEquals("random", rows.get(0).weights());
            assertEquals(0, new RoundHistory(ds.catalog()).rounds().size());
            String table = ArchitectureComparison.markdown(rows);
            assertEquals(4, table.lines().count(), table);
            assertTrue(table.lines().skip(2).allMatch(l -> l.matches("\\| mobilenet-0\\.(25|5)-128 \\| random \\| "
                    + "\\d+\\.\\d% \\| \\d+\\.\\d\\d MB \\| \\d+ \\| \\d+ \\| \\d+\\.\\d s \\|")), table);
        }
    }

    @Test
    void eachMobileNetGetsAnInt8RowTestedOnTheSameImagesAtAQuarterOfTheSize() {
        try (OpenedDataset ds = dataset()) {
            List<ArchitectureComparison.Row> rows = new ArchitectureComparison(opener, true).compare(ds,
                    List.of(BackboneSpec.mobileNet(0.25, 128)), 10, 20, 42, r -> { }, ProgressListener.NONE,
                    CancellationToken.none());
            assertEquals(List.of("mobilenet-0.25-128", "mobilenet-0.25-128 int8"),
                    rows.stream().map(ArchitectureComparison.Row::architecture).toList());
            ArchitectureComparison.Row fp32 = rows.get(0);
            ArchitectureComparison.Row int8 = rows.get(1);
            assertEquals(fp32.testImages(), int8.testImages(), "the same test images");
            assertTrue(int8.modelBytes() > 0 && int8.modelBytes() < 0.4 * fp32.modelBytes(),
                    fp32.modelBytes() + " -> " + int8.modelBytes());
            assertTrue(fp32.forwardImagesPerSecond() > 0 && int8.forwardImagesPerSecond() > 0);
            assertEquals("n/a", ArchitectureComparison.speed(int8.featurizeImagesPerSecond()));
            assertTrue(int8.testAccuracy() >= 0 && int8.testAccuracy() <= 1);
        }
    }

    @Test
    void aSecondComparisonUsesTheCachedFeatures() {
        try (OpenedDataset ds = dataset()) {
            List<BackboneSpec> one = List.of(BackboneSpec.mobileNet(0.25, 128));
            double first = comparison.compare(ds, one, 10, 20, 42, r -> { }, ProgressListener.NONE,
                    CancellationToken.none()).get(0).testAccuracy();
            ArchitectureComparison.Row again = comparison.compare(ds, one, 10, 20, 42, r -> { }, ProgressListener.NONE,
                    CancellationToken.none()).get(0);
            assertEquals(0, again.featurizeImagesPerSecond());
            assertEquals("cached", ArchitectureComparison.speed(again.featurizeImagesPerSecond()));
            assertEquals(first, again.testAccuracy(), "same split, same features, same seed");
        }
    }

    @Test
    void cancellingStopsBeforeTheNextArchitecture() {
        CancellationToken cancel = new CancellationToken();
        List<ArchitectureComparison.Row> reported = new ArrayList<>();
        try (OpenedDataset ds = dataset()) {
            assertThrows(CancelledException.class, () -> comparison.compare(ds,
                    List.of(BackboneSpec.mobileNet(0.25, 128), BackboneSpec.mobileNet(0.5, 128)), 10, 20, 42,
                    row -> {
                        reported.add(row);
                        cancel.cancel();
                    }, ProgressListener.NONE, cancel));
            assertEquals(1, reported.size());
        }
    }

    @Test
    void cancellingDuringTheInt8QuantizationStopsItBeforeItsRow() {
        CancellationToken cancel = new CancellationToken();
        List<ArchitectureComparison.Row> reported = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        try (OpenedDataset ds = dataset()) {
            assertThrows(CancelledException.class, () -> new ArchitectureComparison(opener, true).compare(ds,
                    List.of(BackboneSpec.mobileNet(0.25, 128)), 10, 20, 42, reported::add, (done, total, message) -> {
                        steps.add(message);
                        if (message.contains("Correcting biases: convolution 2 ")) {
                            cancel.cancel(); // Cancel pressed while the int8 model's biases are corrected
                        }
                    }, cancel));
        }
        assertEquals(List.of("mobilenet-0.25-128"), reported.stream().map(ArchitectureComparison.Row::architecture)
                .toList(), "the fp32 row stays, no int8 row");
        assertTrue(steps.stream().anyMatch(m -> m.startsWith("Quantizing mobilenet-0.25-128 to int8: Measuring")),
                steps.toString());
        assertTrue(steps.stream().noneMatch(m -> m.contains("convolution 4 ")), "stopped soon after: " + steps);
    }
}
