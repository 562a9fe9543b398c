package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Before any dataset is open the start page shows; "Try the sample dataset" makes the sample once, then opens it. */
class StartPageTest extends HeadlessWindowTest {

    @Test
    void trySampleMakesTheSampleOnceAndOpensIt() throws Exception {
        assertFalse(model.datasetOpenProperty().get(), "the start page shows");
        Path sample = root.resolve("Loupe/sample-dataset");
        model.openSample(sample);
        assertTrue(model.datasetOpenProperty().get());
        assertEquals(700, model.images().size(), "700 generated pictures");
        assertTrue(Files.exists(sample.resolve("ground-truth.csv")));
        long made = Files.getLastModifiedTime(sample.resolve("ground-truth.csv")).toMillis();
        model.close();
        model.openSample(sample);
        assertEquals(700, model.images().size());
        assertEquals(made, Files.getLastModifiedTime(sample.resolve("ground-truth.csv")).toMillis(),
                "opened as it is, not made again");
    }

    @Test
    void aFolderThatCannotBeOpenedBringsTheStartPageBack() throws Exception {
        Path file = Files.writeString(root.resolve("not-a-folder.txt"), "x");
        model.open(file);
        assertFalse(model.datasetOpenProperty().get(), "nothing opened: the start page again");
        assertFalse(model.statusProperty().get().isEmpty());
    }
}
