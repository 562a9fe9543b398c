package dev.loupe.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.Main;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.testing.ChildJvm;
import dev.loupe.testing.ColourFeatures;
import dev.loupe.testing.SampleDatasetCopy;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments during {@code loupe export}, {@code loupe index} and featurizing: the next run
 * finishes the job, nothing partial is left behind, and the result equals an uninterrupted run's.
 */
class KilledCommandsTest {

    @TempDir
    Path dir;

    private Path dataset;

    @BeforeEach
    void images() {
        dataset = dir.resolve("data");
        for (int i = 0; i < 240; i++) {
            // PNGs of photo size, so that exporting them takes long enough to be interrupted
            TestImages.write(dataset.resolve((i % 2 == 0 ? "road/" : "not-road/") + "img" + i + ".png"), "png", 320, 240, i);
        }
    }

    @Test
    void killedExportsLeaveNoPartialCopyAndTheNextOneIsComplete() throws Exception {
        try (OpenedDataset ds = OpenedDataset.open(dataset, ProgressListener.NONE, CancellationToken.none())) {
            assertEquals(240, ds.report().imageCount());
        }
        Path out = dir.resolve("exports/clean");
        Random random = new Random(8);
        int killedMidway = 0;
        for (int kill = 0; kill < 6; kill++) {
            Process child = cli("export", dataset.toString(), "--to", out.toString());
            // Kill it while it writes: once its partial copy has appeared, after a random moment more.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (child.isAlive() && !partialExists(out) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(random.nextInt(120));
            killedMidway += child.isAlive() ? 1 : 0;
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            if (Files.exists(out)) {
                // The export finished before the kill: it is complete; start over for the next kill.
                assertEquals(240, countImages(out));
                deleteTree(out);
            }
        }
        assertTrue(killedMidway >= 4, "too few kills hit a running export: " + killedMidway);
        assertEquals(0, Main.run("export", dataset.toString(), "--to", out.toString()));
        assertEquals(240, countImages(out));
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertEquals(List.of("clean"), siblings.map(p -> p.getFileName().toString()).toList(),
                    "partial exports of killed runs are cleaned up");
        }
    }

    @Test
    void killedIndexingResumesToTheSameCatalog() throws Exception {
        Random random = new Random(9);
        for (int kill = 0; kill < 4; kill++) {
            Process child = cli("index", dataset.toString());
            Thread.sleep(500 + random.nextInt(800));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Map<String, String> resumed = catalogued(dataset);
        Path fresh = dir.resolve("fresh");
        SampleDatasetCopy.copy(dataset, fresh);
        Map<String, String> clean = catalogued(fresh);
        assertEquals(clean, resumed);
        assertEquals(240, resumed.size());
    }

    @Test
    void killedFeaturizingResumesToTheSameFeatures() throws Exception {
        try (OpenedDataset ds = OpenedDataset.open(dataset, ProgressListener.NONE, CancellationToken.none())) {
            assertEquals(240, ds.report().imageCount());
        }
        Random random = new Random(10);
        for (int kill = 0; kill < 4; kill++) {
            Process child = java(FeaturizeChild.class.getName(), dataset.toString());
            Thread.sleep(600 + random.nextInt(800));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Map<String, float[]> resumed = featurize(dataset);
        Path fresh = dir.resolve("fresh");
        SampleDatasetCopy.copy(dataset, fresh);
        Map<String, float[]> clean = featurize(fresh);
        assertEquals(clean.keySet(), resumed.keySet());
        clean.forEach((hash, v) -> assertArrayEquals(v, resumed.get(hash), hash));
    }

    private static boolean partialExists(Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            return false;
        }
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            return siblings.anyMatch(p -> p.getFileName().toString().contains(".loupe-partial-"));
        }
    }

    private static Map<String, float[]> featurize(Path root) {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none());
             FeatureCache cache = FeatureCache.open(ds.layout());
             ColourFeatures features = new ColourFeatures()) {
            assertEquals(Map.of(), new Featurizer(8, 2).featurize(ds.catalog(), features, cache, ProgressListener.NONE,
                    CancellationToken.none()).failures());
            return cache.vectors(features.fingerprint());
        }
    }

    private static Map<String, String> catalogued(Path root) {
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            Map<String, String> out = new TreeMap<>();
            for (CatalogEntry e : ds.catalog().entries()) {
                out.put(e.path(), e.sha256() + " " + e.status() + " " + e.width() + "x" + e.height());
            }
            return out;
        }
    }

    private Process cli(String... args) throws IOException {
        return java(Main.class.getName(), args);
    }

    private Process java(String mainClass, String... args) throws IOException {
        return ChildJvm.of(mainClass, args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static long countImages(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
