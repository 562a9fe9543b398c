package dev.loupe.app;

import dev.loupe.engine.FeatureExtractor;
import dev.loupe.testing.ColourFeatures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's model on a dataset folder of the test's own, without a screen: background work runs on the
 * calling thread, and the judge is a stand-in backbone ({@link ColourFeatures} unless {@link #judge} says).
 */
abstract class HeadlessWindowTest {

    @TempDir
    Path root;

    final DatasetViewModel model = new DatasetViewModel(new CurrentThreadTaskExecutor(), (progress, cancel) -> judge());

    /** The backbone that scores the dataset. */
    FeatureExtractor judge() {
        return new ColourFeatures();
    }

    @AfterEach
    void closeModel() {
        model.close();
    }
}
