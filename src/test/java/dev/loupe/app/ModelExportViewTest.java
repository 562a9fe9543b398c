package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.export.ModelExport;
import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Export model → As ONNX / As int8 ONNX in the Rounds tab: the files, and the check said in the status line. */
class ModelExportViewTest extends HeadlessWindowTest {

    @Test
    void aRoundExportsAsOnnxAndInt8AndTheStatusSaysHowItCompared() throws Exception {
        for (int i = 0; i < 40; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"), "png", 40, 30, i);
        }
        assertEquals(0, dev.loupe.Main.run("retrain", root.toString(), "--backbone", "mobilenet-0.25-128",
                "--weights", "none", "--testing-percentage", "20"));
        model.open(root);
        Path models = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-models"));
        for (ModelExport.Format format : new ModelExport.Format[] {ModelExport.Format.ONNX, ModelExport.Format.ONNX_INT8}) {
            Path to = models.resolve(format.cliName());
            model.roundsModel().exportRoundModel(1, to, format);
            assertTrue(Files.isRegularFile(to.resolve("model.onnx")), format + ": " + model.messageProperty().get());
            assertTrue(model.messageProperty().get().startsWith("Round 1's model written to " + to)
                    && model.messageProperty().get().contains("test images it agrees with the round's model on"),
                    model.messageProperty().get());
        }
        assertTrue(Files.size(models.resolve("onnx-int8/model.onnx")) < Files.size(models.resolve("onnx/model.onnx")) / 2);
    }
}
