package dev.loupe.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.imaging.ImageProbe;
import dev.loupe.testing.ChildJvm;
import dev.loupe.testing.DiskContents;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: child JVMs move, undo and redo files and are killed with SIGKILL at random instants.
 * After every kill, recovery must leave each image exactly once on disk and the catalog equal to the disk.
 */
class JournalCrashTest {

    private static final int KILLS = 50;

    @TempDir
    Path root;

    @Test
    void killedAtRandomInstantsLosesNoImageAndCatalogMatchesDisk() throws Exception {
        for (String label : List.of("a", "b", "c")) {
            for (int i = 0; i < 10; i++) {
                // The same names in every class, so moves collide constantly.
                TestImages.jpeg(root.resolve(label + "/img" + i + ".jpg"), label.charAt(0) * 100 + i);
            }
        }
        try (OpenedDataset ds = OpenedDataset.open(root, ProgressListener.NONE, CancellationToken.none())) {
            assertEquals(30, ds.report().imageCount());
        }
        Map<String, Long> original = DiskContents.hashes(root).values().stream()
                .collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting()));
        Random random = new Random(2026);
        int movesSeen = 0;
        for (int run = 0; run < KILLS; run++) {
            Process child = startChild(run);
            boolean afterReady = run % 2 == 0;
            if (afterReady) {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertEquals("ready", line, "child did not start");
            }
            Thread.sleep(afterReady ? random.nextInt(300) : random.nextInt(1200));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            try (Catalog catalog = Catalog.open(new DatasetLayout(root))) {
                MoveJournal journal = new MoveJournal(catalog);
                journal.recover();
                Map<String, String> disk = DiskContents.hashes(root);
                Map<String, Long> multiset = disk.values().stream()
                        .collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting()));
                assertEquals(original, multiset, "images lost or duplicated after kill " + run);
                Map<String, String> catalogued = new TreeMap<>();
                for (CatalogEntry e : catalog.entries()) {
                    catalogued.put(e.path(), e.sha256());
                }
                assertEquals(disk, catalogued, "catalog differs from disk after kill " + run);
                movesSeen = journal.history().stream().mapToInt(h -> h.moves().size()).sum();
            }
        }
        assertTrue(movesSeen > 100, "the children moved too little to test anything: " + movesSeen);
    }

    private Process startChild(int seed) throws IOException {
        return ChildJvm.of(JournalTorture.class.getName(), root.toString(), String.valueOf(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
