package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakageCommandTest {

    @TempDir
    Path root;

    @Test
    void reportsPairsAcrossTheSplitAsTextAndJsonAndRefusesABadThreshold() throws Exception {
        for (int i = 0; i < 10; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        Files.copy(root.resolve("a/0.png"), root.resolve("b/copy.png")); // same content: same part, no leak
        CliRun text = CliRun.of("leakage", root.toString(), "--backbone", "mobilenet-0.25-128", "--weights", "none");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().matches("(?s)\\d+ near-duplicate pair\\(s\\) straddle the split \\(validation 10%, "
                + "test 10%\\)[.:]\\n.*"), text.out());
        assertTrue(text.out().lines().noneMatch(l -> l.contains("a/0.png") && l.contains("b/copy.png")),
                "an exact copy never straddles the split: " + text.out());
        CliRun json = CliRun.of("leakage", root.toString(), "--json", "--backbone", "mobilenet-0.25-128",
                "--weights", "none");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().startsWith("["), json.out());
        CliRun bad = CliRun.of("leakage", root.toString(), "--threshold", "2", "--weights", "none");
        assertTrue(bad.exitCode() != 0 && bad.err().contains("--threshold must be"), bad.err());
    }
}
