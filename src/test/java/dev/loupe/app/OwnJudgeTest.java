package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.OnnxGraphs;
import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** "Judge with my own model…": an ONNX file the user picks scores the dataset, and the large model can take over again. */
class OwnJudgeTest extends HeadlessWindowTest {

    @Test
    void anOnnxModelOfTheUsersOwnScoresTheDatasetAndIsNamedAsTheJudge() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"), "png", 40, 30, i);
        }
        // Channel means of a 16x16 view: colour features, from a file outside the dataset.
        Path models = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-models"));
        Path onnx = models.resolve("colours.onnx");
        Files.write(onnx, OnnxGraphs.pooling(new long[] {-1, 3, 16, 16}, false, true, "embedding"));
        Files.writeString(models.resolve("colours.json"), "{\"preset\": \"keras-mobilenet\"}");
        model.open(root);
        model.useOwnModelAsJudge(onnx);
        assertEquals("colours.onnx", model.judgeProperty().get());
        assertTrue(model.scoredProperty().get(), model.statusProperty().get());
        assertTrue(model.statusProperty().get().contains("colours.onnx"), model.statusProperty().get());
        assertTrue(!model.images().isEmpty(), "the suspects it found");
        assertTrue(model.images().stream().allMatch(i -> i.predicted() != null && i.confidence() >= 0.5),
                "each suspect has the judge's class and probability");

        // Without a sidecar, the status line says which preprocessing Loupe chose.
        Files.delete(models.resolve("colours.json"));
        model.useOwnModelAsJudge(onnx);
        assertTrue(model.messageProperty().get().contains("colours.onnx: the torchvision preset prepares its pixels "
                + "(no colours.json beside it)"),
                model.messageProperty().get());

        model.useOriginalJudge();
        assertEquals(JudgeViewModel.LARGE_MODEL, model.judgeProperty().get());

        // A file that is no model: scoring says why, and the judge that worked stays the judge.
        Path junk = models.resolve("notes.onnx");
        Files.writeString(junk, "not a network");
        model.useOwnModelAsJudge(junk);
        assertEquals(JudgeViewModel.LARGE_MODEL, model.judgeProperty().get());
        assertTrue(model.messageProperty().get().contains("notes.onnx is not an ONNX model")
                && model.messageProperty().get().endsWith("The judge is the large model again."),
                model.messageProperty().get());
        assertTrue(model.scoredProperty().get(), "the last ranking stays");
    }
}
