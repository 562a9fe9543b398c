package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundCommandsTest {

    @TempDir
    Path root;

    @Test
    void retrainThenRoundsTableThenExportModelThatClassifies() throws Exception {
        for (int i = 0; i < 40; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "ds/a/" : "ds/b/") + i + ".png"), "png", 40, 30, i);
        }
        String ds = root.resolve("ds").toString();
        String[] backbone = {"--backbone", "mobilenet-0.25-128", "--weights", "none"};
        CliRun retrain = CliRun.of(concat(new String[] {"retrain", ds, "--validation-percentage", "20"}, backbone));
        assertEquals(0, retrain.exitCode(), retrain.err());
        assertTrue(retrain.out().startsWith("Round 1 (mobilenet-0.25-128, head-only)"), retrain.out());
        assertTrue(retrain.out().contains("| class | precision | recall |"), retrain.out());

        CliRun rounds = CliRun.of("rounds", ds);
        String[] lines = rounds.out().split("\n");
        assertEquals("| round | date | backbone | mode | images | labels changed | validation accuracy | test accuracy | model size |",
                lines[0]);
        assertTrue(lines[2].startsWith("| 1 | "), rounds.out());

        Path model = root.resolve("model");
        CliRun export = CliRun.of("export-model", ds, "--to", model.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(Files.isRegularFile(model.resolve("labels.txt")));
        CliRun classify = CliRun.of("classify", "--model", model.toString(), root.resolve("ds/a/0.png").toString());
        assertEquals(0, classify.exitCode(), classify.err());
        assertTrue(classify.out().matches("(a|b) \\d\\.\\d{6}\\n(a|b) \\d\\.\\d{6}\\n"), classify.out());
    }

    @Test
    void fineTuneRoundTrainsTheWholeNetworkWithDistortions() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "ft/a/" : "ft/b/") + i + ".png"), "png", 40, 30, i);
        }
        CliRun run = CliRun.of("retrain", root.resolve("ft").toString(), "--fine-tune", "--weights", "none",
                "--backbone", "mobilenet-0.25-128", "--how-many-training-steps", "4", "--train-batch-size", "4",
                "--eval-step-interval", "2", "--flip-left-right", "--random-brightness", "10");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Round 1 (mobilenet-0.25-128, fine-tune)"), run.out());
        CliRun rounds = CliRun.of("rounds", root.resolve("ft").toString());
        assertTrue(rounds.out().contains("| fine-tune |"), rounds.out());
    }

    @Test
    void compareTabulatesEachArchitectureOnTheSameSplitWithoutAddingRounds() throws Exception {
        for (int i = 0; i < 30; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "cmp/a/" : "cmp/b/") + i + ".png"), "png", 40, 30, i);
        }
        String ds = root.resolve("cmp").toString();
        CliRun run = CliRun.of("compare", ds, "--weights", "none", "--architectures",
                "mobilenet-0.25-128,mobilenet-0.5-128", "--validation-percentage", "20", "--testing-percentage", "20");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("| architecture | weights | test accuracy | model size | featurize img/s | forward img/s | training time |",
                lines[0]);
        assertTrue(lines[2].matches("\\| mobilenet-0\\.25-128 \\| random \\| [0-9.]+% \\| [0-9.]+ MB \\| .*"), lines[2]);
        // Each MobileNet's int8 ONNX model follows it: tested, about a quarter of the size, timed.
        assertTrue(lines[3].matches("\\| mobilenet-0\\.25-128 int8 \\| random \\| [0-9.]+% \\| [0-9.]+ MB \\| n/a \\| [0-9]+ \\| .*"),
                lines[3]);
        double fp32 = Double.parseDouble(lines[2].split("\\|")[4].replace("MB", "").trim());
        double int8 = Double.parseDouble(lines[3].split("\\|")[4].replace("MB", "").trim());
        assertTrue(int8 < 0.4 * fp32, lines[2] + "\n" + lines[3]);
        assertTrue(lines[4].startsWith("| mobilenet-0.5-128 | random |"), lines[4]);
        assertTrue(lines[5].startsWith("| mobilenet-0.5-128 int8 | random |"), lines[5]);
        assertEquals(2, CliRun.of("rounds", ds).out().split("\n").length, "compare must not add rounds");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
