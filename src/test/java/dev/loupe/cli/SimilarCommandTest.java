package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimilarCommandTest {

    @TempDir
    Path root;

    @Test
    void listsLookAlikesWithAnIdenticalCopyFirstAndRefusesUnknownImagesAndClasses() throws Exception {
        for (int i = 0; i < 12; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        Files.copy(root.resolve("a/0.png"), root.resolve("b/copy-of-0.png"));
        CliRun run = CliRun.of("similar", root.toString(), "a/0.png", "--top", "3", "--json", "--backbone",
                "mobilenet-0.25-128", "--weights", "none");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("[{\"path\":\"b/copy-of-0.png\",\"label\":\"b\",\"similarity\":1.0}"),
                run.out());
        assertEquals(3, run.out().split("\"path\"").length - 1, run.out());

        CliRun onlyA = CliRun.of("similar", root.toString(), root.resolve("a/0.png").toString(), "--in", "a",
                "--backbone", "mobilenet-0.25-128", "--weights", "none");
        assertEquals(0, onlyA.exitCode(), onlyA.err());
        assertTrue(onlyA.out().lines().allMatch(l -> l.matches("-?[0-9.]+  a/.*")), onlyA.out());
        assertEquals(5, onlyA.out().lines().count(), "the other five images in a");

        CliRun unknown = CliRun.of("similar", root.toString(), "a/none.png", "--weights", "none");
        assertTrue(unknown.exitCode() != 0);
        assertTrue(unknown.err().contains("a/none.png is not a usable image of"), unknown.err());
        CliRun badClass = CliRun.of("similar", root.toString(), "a/0.png", "--in", "road", "--weights", "none");
        assertTrue(badClass.err().contains("--in road is not a class of"), badClass.err());
    }
}
