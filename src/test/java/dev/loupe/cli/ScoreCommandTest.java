package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir
    Path root;

    @Test
    void writesEveryImageToTheQueueCsvAndSummarises() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + i + ".png"), "png", 48, 36, i);
        }
        Path queue = root.resolve("queue.csv");
        CliRun run = CliRun.of("score", root.toString(), "--backbone", "mobilenet-0.25-128", "--weights", "none",
                "--folds", "3", "--out", queue.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Scored 24 images in 2 classes"), run.out());
        assertTrue(run.out().contains("filed as road, looks like not-road: "), run.out());
        List<String> lines = Files.readAllLines(queue);
        assertEquals("rank,path,given_label,suggested_label,p_given,p_suggested,issue_score,kind", lines.get(0));
        assertEquals(25, lines.size());
        assertTrue(lines.get(1).matches("1,(road|not-road)/\\d+\\.png,(road|not-road),(road|not-road),[0-9.]+,[0-9.]+,[0-9.]+,"
                + "(misclassified|low-confidence|duplicate|outlier|ok)"), lines.get(1));
    }
}
