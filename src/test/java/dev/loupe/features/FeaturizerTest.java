package dev.loupe.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.CancelledException;
import dev.loupe.work.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturizerTest {

    private static FeatureExtractor extractor;

    @TempDir
    Path root;

    @BeforeAll
    static void buildBackbone() {
        extractor = Backbones.open(BackboneSpec.mobileNet(0.25, 128), Optional.empty(), 7);
    }

    @AfterAll
    static void release() {
        extractor.close();
    }

    private void images(int count) {
        for (int i = 0; i < count; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + i + ".png"), "png", 40, 30, i);
        }
    }

    private FeaturizeReport featurize(Featurizer featurizer, ProgressListener progress, CancellationToken cancel) {
        DatasetLayout layout = new DatasetLayout(root);
        try (Catalog catalog = Catalog.open(layout); FeatureCache cache = FeatureCache.open(layout)) {
            new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
            return featurizer.featurize(catalog, extractor, cache, progress, cancel);
        }
    }

    private FeaturizeReport featurize() {
        return featurize(new Featurizer(4, 2), ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void everyImageGetsAVectorOfTheBackbonesWidth() {
        images(6);
        FeaturizeReport report = featurize();
        assertEquals(6, report.computed());
        try (FeatureCache cache = FeatureCache.open(new DatasetLayout(root))) {
            Map<String, float[]> vectors = cache.vectors(extractor.fingerprint());
            assertEquals(6, vectors.size());
            assertTrue(vectors.values().stream().allMatch(v -> v.length == 256));
        }
    }

    @Test
    void movingAnImageToAnotherClassDoesNotFeaturizeItAgain() throws Exception {
        images(4);
        featurize();
        Files.move(root.resolve("road/0.png"), root.resolve("not-road/0.png"));
        FeaturizeReport again = featurize();
        assertEquals(0, again.computed());
        assertEquals(4, again.cached());
    }

    @Test
    void cancelledRunKeepsFinishedBatchesAndTheNextRunDoesTheRest() {
        images(10);
        CancellationToken token = new CancellationToken();
        assertThrows(CancelledException.class, () -> featurize(new Featurizer(4, 2), (done, total, message) -> {
            if (done >= 4) {
                token.cancel();
            }
        }, token));
        FeaturizeReport resumed = featurize();
        assertEquals(10, resumed.images());
        assertTrue(resumed.cached() >= 4 && resumed.cached() < 10, "cached " + resumed.cached());
        assertEquals(10, resumed.cached() + resumed.computed());
    }

    @Test
    void identicalImagesAreFeaturizedOnce() {
        byte[] same = TestImages.encode("png", 40, 30, 1);
        TestImages.bytes(root.resolve("road/a.png"), same);
        TestImages.bytes(root.resolve("not-road/b.png"), same);
        assertEquals(1, featurize().computed());
    }

    @Test
    void undecodableImageIsReportedWithItsReasonAndNotRetried() {
        images(2);
        TestImages.bytes(root.resolve("road/damaged.png"), pngWithCorruptPixelData());
        FeaturizeReport report = featurize();
        assertEquals(2, report.computed());
        assertEquals(java.util.Set.of("road/damaged.png"), report.failures().keySet());
        assertTrue(report.failures().get("road/damaged.png").startsWith("cannot decode"),
                report.failures().get("road/damaged.png"));
        FeaturizeReport again = featurize();
        assertEquals(0, again.computed());
        assertEquals(1, again.failures().size());
    }

    @Test
    void batchesWithAFailedImageInsideGiveEveryOtherImageItsOwnFeatures() {
        // Eleven images in batches of four, decoded in place three batches ahead; the broken one sits in the
        // middle of the second batch, so the images after it are shifted before the network sees them.
        images(10);
        TestImages.bytes(root.resolve("road/5-damaged.png"), pngWithCorruptPixelData());
        FeaturizeReport report = featurize();
        assertEquals(10, report.computed());
        assertEquals(1, report.failures().size());
        dev.loupe.imaging.ModelInput input = new dev.loupe.imaging.ModelInput(extractor.resolution());
        try (Catalog catalog = Catalog.open(new DatasetLayout(root));
             FeatureCache cache = FeatureCache.open(new DatasetLayout(root))) {
            Map<String, float[]> vectors = cache.vectors(extractor.fingerprint());
            float[] first = null;
            boolean differ = false;
            for (dev.loupe.dataset.CatalogEntry e : catalog.entries()) {
                if (!e.ok() || e.path().contains("damaged")) {
                    continue;
                }
                float[] alone = extractor.extract(input.load(root.resolve(e.path())), 1)[0];
                float[] batched = vectors.get(e.sha256());
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone, batched, 1e-4f, e.path());
                differ |= first != null && Math.abs(first[0] - batched[0]) + Math.abs(first[7] - batched[7]) > 1e-3;
                first = first == null ? batched : first;
            }
            assertTrue(differ, "different images must get different features");
        }
    }

    /** A PNG whose header and end marker are intact (so the catalog accepts it) but whose pixels are garbage. */
    private static byte[] pngWithCorruptPixelData() {
        byte[] png = TestImages.encode("png", 40, 30, 9);
        for (int i = 0; i + 4 < png.length; i++) {
            if (png[i] == 'I' && png[i + 1] == 'D' && png[i + 2] == 'A' && png[i + 3] == 'T') {
                for (int j = i + 6; j < i + 30 && j < png.length - 12; j++) {
                    png[j] = (byte) 0xFF;
                }
                return png;
            }
        }
        throw new IllegalStateException("no IDAT chunk");
    }

    @Test
    void aFailureWhileAnImageWasAwayIsRetriedNotRemembered() throws Exception {
        images(4);
        DatasetLayout layout = new DatasetLayout(root);
        Path image = root.resolve("road/0.png");
        Path away = root.resolveSibling(root.getFileName() + "-away.png");
        try (Catalog catalog = Catalog.open(layout); FeatureCache cache = FeatureCache.open(layout)) {
            new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
            java.nio.file.Files.move(image, away); // moved by another program while featurizing runs
            FeaturizeReport first = new Featurizer(4, 2).featurize(catalog, extractor, cache, ProgressListener.NONE,
                    CancellationToken.none());
            assertEquals(java.util.Set.of("road/0.png"), first.failures().keySet());
            FeatureCache.Failure recorded = cache.failures(extractor.fingerprint()).get("road/0.png");
            assertEquals("file not found", recorded.reason());
            assertEquals(-1, recorded.size(), "the file's state when it failed: gone");

            java.nio.file.Files.move(away, image);
            FeaturizeReport second = new Featurizer(4, 2).featurize(catalog, extractor, cache, ProgressListener.NONE,
                    CancellationToken.none());
            assertEquals(1, second.computed(), "the image is tried again and featurized");
            assertEquals(Map.of(), second.failures());
            assertEquals(Map.of(), cache.failures(extractor.fingerprint()), "its failure is forgotten once it worked");
        }
    }
}
