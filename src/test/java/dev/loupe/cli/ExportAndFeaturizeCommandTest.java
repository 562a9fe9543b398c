package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe export} and {@code loupe featurize} from the command line. */
class ExportAndFeaturizeCommandTest {

    @TempDir
    Path dir;

    private Path dataset() {
        Path root = dir.resolve("data");
        for (int i = 0; i < 6; i++) {
            TestImages.jpeg(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "img" + i + ".jpg"), i);
        }
        return root;
    }

    @Test
    void exportWritesTheClassFoldersAndSaysWhere() throws Exception {
        Path root = dataset();
        Path out = dir.resolve("clean");
        CliRun run = CliRun.of("export", root.toString(), "--to", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(out.resolve("road/img0.jpg")));
        assertTrue(Files.isRegularFile(out.resolve("manifest.csv")));
        assertTrue(run.out().contains(out.toAbsolutePath().toString()), run.out());
        CliRun again = CliRun.of("export", root.toString(), "--to", out.toString());
        assertEquals(1, again.exitCode(), "never overwrites");
        assertTrue(again.err().startsWith("loupe: ") && again.err().contains("not empty"), again.err());
    }

    @Test
    void exportIntoTheDatasetIsRefused() {
        Path root = dataset();
        CliRun run = CliRun.of("export", root.toString(), "--to", root.resolve("road/out").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("outside the dataset"), run.err());
    }

    @Test
    void featurizeComputesOnceThenReadsTheCache() {
        Path root = dataset();
        CliRun first = CliRun.of("featurize", root.toString(), "--backbone", "mobilenet-0.25-128", "--weights", "none");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("6 images: 6 featurized now"), first.out());
        assertTrue(first.err().contains("random weights"), "says it has no pretrained weights: " + first.err());
        CliRun second = CliRun.of("featurize", root.toString(), "--backbone", "mobilenet-0.25-128", "--weights", "none");
        assertTrue(second.out().startsWith("6 images: 0 featurized now") && second.out().contains("6 already cached"),
                second.out());
    }
}
