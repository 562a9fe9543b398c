package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicatesCommandTest {

    @TempDir
    Path root;

    @Test
    void setsAllButTheKeptCopyAsideInOneUndoableStep() throws Exception {
        for (int i = 0; i < 8; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        Files.copy(root.resolve("a/0.png"), root.resolve("a/0-again.png"));
        Files.copy(root.resolve("a/0.png"), root.resolve("b/0-elsewhere.png"));
        String[] common = {"--backbone", "mobilenet-0.25-128", "--weights", "none", "--threshold", "1"};
        CliRun list = CliRun.of(concat(new String[] {"duplicates", root.toString()}, common));
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().startsWith("1 duplicate cluster(s), 1 across classes"), list.out());
        assertTrue(list.out().contains("  keep a/0-again.png") || list.out().contains("  keep a/0.png"), list.out());

        CliRun exclude = CliRun.of(concat(new String[] {"duplicates", root.toString(), "--keep", "b/0-elsewhere.png",
                "--exclude-rest"}, common));
        assertEquals(0, exclude.exitCode(), exclude.err());
        assertTrue(Files.exists(root.resolve("b/0-elsewhere.png")), "the image chosen with --keep stays");
        assertTrue(Files.exists(root.resolve("_excluded/0.png")) && Files.exists(root.resolve("_excluded/0-again.png")),
                exclude.out());
        assertTrue(exclude.out().contains("Set 2 duplicate(s) aside in _excluded"), exclude.out());

        assertEquals(0, CliRun.of("undo", root.toString()).exitCode());
        assertTrue(Files.exists(root.resolve("a/0.png")) && Files.exists(root.resolve("a/0-again.png")),
                "one undo brings both back");
        CliRun notInOne = CliRun.of(concat(new String[] {"duplicates", root.toString(), "--keep", "a/2.png"}, common));
        assertTrue(notInOne.exitCode() != 0 && notInOne.err().contains("is in no duplicate cluster"), notInOne.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
