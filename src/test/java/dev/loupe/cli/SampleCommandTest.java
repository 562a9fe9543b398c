package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheRequestedDatasetAndSaysHowManyAreMisfiled() throws Exception {
        Path out = dir.resolve("ds");
        CliRun run = CliRun.of("sample", out.toString(), "--count", "20", "--noise", "0.1", "--seed", "4",
                "--size", "64x48");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Wrote 20 images"), run.out());
        assertTrue(run.out().contains("2 misfiled"), run.out());
        try (var files = Files.walk(out)) {
            assertEquals(20, files.filter(p -> p.toString().endsWith(".jpg")).count());
        }
    }

    @Test
    void rejectsNoiseOutsideTheRange() {
        CliRun run = CliRun.of("sample", dir.resolve("x").toString(), "--noise", "0.9");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--noise must be between 0 and 0.5"), run.err());
    }
}
