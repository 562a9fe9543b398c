package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path root;

    @Test
    void comparesLoupeWithTheInSampleRuleAndLeavesTheDatasetAlone() throws Exception {
        for (int i = 0; i < 30; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        CliRun run = CliRun.of("evaluate", root.toString(), "--noise", "0.1", "--backbone", "mobilenet-0.25-128",
                "--weights", "none");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("30 images, 2 classes, 3 misfiled (10%, seed 1)"), run.out());
        assertTrue(run.out().matches("(?s).*\\| Loupe \\(out-of-fold \\+ confident learning\\) \\| [0-9.]+ \\|.*"), run.out());
        assertTrue(run.out().contains("| in-sample rule (review what the model gets wrong) |"), run.out());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(30, files.filter(Files::isRegularFile).count(), "the source dataset must not change");
        }
    }
}
