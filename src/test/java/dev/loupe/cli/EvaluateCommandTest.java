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
        assertTrue(run.out().matches("(?s).*\\| Loupe \\(out-of-fold linear\\+knn \\+ confident learning\\) \\| [0-9.]+ \\|.*"),
                run.out());
        assertTrue(run.out().contains("| in-sample rule (review what the model gets wrong) |"), run.out());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(30, files.filter(Files::isRegularFile).count(), "the source dataset must not change");
        }
    }

    @Test
    void classConditionalNoiseMisfilesTheNamedShareOfEachClassAndRefusesUnknownClasses() throws Exception {
        for (int i = 0; i < 40; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), "png", 40, 30, i);
        }
        CliRun run = CliRun.of("evaluate", root.toString(), "--class-noise", "a=0.2", "--backbone",
                "mobilenet-0.25-128", "--weights", "none");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("40 images, 2 classes, 4 misfiled (by class {a=0.2}, seed 1)"), run.out());
        CliRun unknown = CliRun.of("evaluate", root.toString(), "--class-noise", "road=0.2", "--weights", "none");
        assertTrue(unknown.exitCode() != 0);
        assertTrue(unknown.err().contains("'road', which is not a class of") && unknown.err().contains("a, b"),
                unknown.err());
    }

    /** The sample's images refiled by its ground truth: a dataset whose labels can be trusted. */
    private static void trustedSample(Path to, int perClass) throws Exception {
        java.util.List<String> lines = Files.readAllLines(Path.of("sample-dataset", "ground-truth.csv"));
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            String truth = cells[2];
            if (taken.merge(truth, 1, Integer::sum) <= perClass) {
                Path target = to.resolve(truth).resolve(Path.of(cells[0]).getFileName());
                Files.createDirectories(target.getParent());
                Files.copy(Path.of("sample-dataset").resolve(cells[0]), target);
            }
        }
    }

    @Test
    void theReviewBudgetCurveFixesPlantedErrorsAndDrawsItsChart(@TempDir Path charts) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(dev.loupe.testing.Shared.mobileNet025()),
                "needs ../shared/weights (CI has them)");
        trustedSample(root, 150);
        Path chart = charts.resolve("curve.png");
        CliRun run = CliRun.of("evaluate", root.toString(), "--noise", "0.15", "--budget", "45,90",
                "--chart", chart.toString(), "--backbone", "mobilenet-0.25-224",
                "--weights", dev.loupe.testing.Shared.mobileNet025().toString());
        assertEquals(0, run.exitCode(), run.err());
        java.util.regex.Matcher noisy = java.util.regex.Pattern.compile("\\| 0 \\(noisy labels\\) \\| 0 \\| ([0-9.]+)%")
                .matcher(run.out());
        java.util.regex.Matcher after = java.util.regex.Pattern.compile("\\| 90 \\| ([0-9]+) \\| ([0-9.]+)%")
                .matcher(run.out());
        assertTrue(noisy.find() && after.find(), run.out());
        assertTrue(Integer.parseInt(after.group(1)) >= 40, "45 planted, fixed within the top 90: " + run.out());
        assertTrue(Double.parseDouble(after.group(2)) >= Double.parseDouble(noisy.group(1)), run.out());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(chart.toFile());
        assertEquals(720, png.getWidth(), "the chart is a readable PNG");
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(300, files.filter(Files::isRegularFile).count(), "the source dataset must not change");
        }
    }
}
