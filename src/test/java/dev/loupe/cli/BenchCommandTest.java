package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void printsSpeedAndPeakMemoryPerBackbone() {
        CliRun run = CliRun.of("bench", "--in-process", "--images", "8", "--backbones", "mobilenet-0.25-128");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().trim().matches("mobilenet-0\\.25-128 engine=onnx featurize_img_s=[0-9.]+ images=8 peak_rss_mb=\\d+"),
                run.out());
    }

    @Test
    void fineTuningSpeedIsReportedPerBackbone() {
        CliRun run = CliRun.of("bench", "--in-process", "--fine-tune-only", "--backbones", "mobilenet-0.25-128",
                "--fine-tune-steps", "1", "--fine-tune-batch", "4");
        assertEquals(0, run.exitCode(), run.err());
        String line = run.out().trim();
        assertTrue(line.matches("fine-tune mobilenet-0\\.25-128 train_img_s=[0-9.]+ batch=4 steps=1 peak_rss_mb=\\d+"), line);
        assertTrue(Double.parseDouble(line.replaceAll(".*train_img_s=([0-9.]+).*", "$1")) > 0, line);
    }

    @Test
    void syntheticPhotosComeInTheAskedSizeAndABadSizeIsExplained() {
        CliRun run = CliRun.of("bench", "--in-process", "--images", "8", "--image-size", "320x200", "--backbones",
                "mobilenet-0.25-128");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("images=8"), run.out());
        CliRun bad = CliRun.of("bench", "--images", "8", "--image-size", "big", "--backbones", "mobilenet-0.25-128");
        assertEquals(2, bad.exitCode(), bad.out());
        assertTrue(bad.err().contains("--image-size takes WIDTHxHEIGHT, like 640x480; got 'big'"), bad.err());
    }
}
