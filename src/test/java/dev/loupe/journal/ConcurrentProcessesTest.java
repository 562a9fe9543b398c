package dev.loupe.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.FeaturizeReport;
import dev.loupe.features.Featurizer;
import dev.loupe.testing.ChildJvm;
import dev.loupe.testing.ColourFeatures;
import dev.loupe.testing.DiskContents;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many Loupe processes on one dataset at once (moves, undo and redo, history readers, featurizing, a window's
 * long session), one of them killed with SIGKILL at a random moment, fifty times over. After each round: every
 * image is still there exactly once (the multiset of content hashes under the class folders is unchanged),
 * the catalog equals the disk, and every image featurizes (no failure from a moment when it was moving is
 * remembered).
 */
class ConcurrentProcessesTest {

    private static final int TRIALS = 50;
    private static final List<String> ROLES = List.of("move", "move", "undo", "history", "score", "window");

    @TempDir
    Path root;

    @Test
    void processesAtOnceWithOneKilledLoseNoImage() throws Exception {
        for (String label : List.of("a", "b", "c")) {
            for (int i = 0; i < 12; i++) {
                TestImages.jpeg(root.resolve(label + "/img" + i + ".jpg"), label.charAt(0) * 100 + i);
            }
        }
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            assertEquals(36, ds.report().imageCount());
        }
        Map<String, Long> original = DiskContents.multiset(DiskContents.hashes(root));
        Path logs = Files.createDirectories(root.resolveSibling(root.getFileName() + "-logs"));
        Random random = new Random(14);
        int moved = 0;
        int killedWhileWorking = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Process> children = new ArrayList<>();
            List<String> roles = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                String role = k == 0 ? "move" : ROLES.get(random.nextInt(ROLES.size()));
                roles.add(role);
                children.add(start(role, trial * 10L + k, 10, logs.resolve(trial + "-" + k + "-" + role + ".log")));
            }
            Thread.sleep(150 + random.nextInt(500));
            Process victim = children.get(random.nextInt(children.size()));
            if (victim.isAlive()) {
                killedWhileWorking++;
            }
            victim.destroyForcibly();
            for (int k = 0; k < children.size(); k++) {
                Process child = children.get(k);
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), roles.get(k) + " hung in trial " + trial);
                if (child != victim) {
                    String log = Files.readString(logs.resolve(trial + "-" + k + "-" + roles.get(k) + ".log"),
                            StandardCharsets.UTF_8);
                    assertEquals(0, child.exitValue(), roles.get(k) + " failed in trial " + trial + ": " + log);
                }
            }
            moved = check(original, trial);
        }
        assertTrue(killedWhileWorking >= TRIALS / 2, "too few kills hit a running process: " + killedWhileWorking);
        assertTrue(moved > 100, "the children moved too little to test anything: " + moved);
    }

    /** The invariants after one trial; returns how many files the journal has moved so far. */
    private int check(Map<String, Long> original, int trial) throws IOException {
        try (Catalog catalog = Catalog.open(new DatasetLayout(root))) {
            MoveJournal journal = new MoveJournal(catalog);
            journal.recover();
            Map<String, String> disk = DiskContents.hashes(root);
            assertEquals(original, DiskContents.multiset(disk), "images lost or duplicated in trial " + trial);
            Map<String, String> catalogued = new TreeMap<>();
            for (CatalogEntry e : catalog.entries()) {
                catalogued.put(e.path(), e.sha256());
            }
            assertEquals(disk, catalogued, "catalog differs from disk after trial " + trial);
            try (FeatureCache cache = FeatureCache.open(catalog.layout()); ColourFeatures features = new ColourFeatures()) {
                FeaturizeReport report = new Featurizer(8, 1).featurize(catalog, features, cache, ProgressListener.NONE,
                        CancellationToken.none());
                assertEquals(Map.of(), report.failures(), "an image on disk failed to featurize after trial " + trial);
            }
            return journal.history().stream().mapToInt(h -> h.moves().size()).sum();
        }
    }

    private Process start(String role, long seed, int steps, Path log) throws IOException {
        return ChildJvm.of(ConcurrentChild.class.getName(), root.toString(), role, String.valueOf(seed),
                String.valueOf(steps)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
